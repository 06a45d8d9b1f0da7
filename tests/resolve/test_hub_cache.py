"""The Hub answer cache: TTLs, pinned revisions for good, negative answers, corruption, atomic files, no token."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.config import ScanConfig
from scanner.resolve.base import HubModelInfo
from scanner.resolve.cache import HubCache, default_cache_dir, info_from_dict, info_to_dict

SHA = "0123456789abcdef0123456789abcdef01234567"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make(tmp_path: Path, clock: Clock, **kw: object) -> HubCache:
    return HubCache(tmp_path, endpoint="https://hub.example", clock=clock, ttl_hours=24, negative_ttl_hours=1, **kw)  # type: ignore[arg-type]


def test_round_trip_and_ttl(tmp_path: Path) -> None:
    clock = Clock()
    cache = make(tmp_path, clock)
    info = HubModelInfo(repo_id="a/b", author="a", base_models=("c/d",), files=("x.bin",), security={"scansDone": True}, gated="manual")
    assert cache.get("a/b", None) == (False, None)
    cache.put("a/b", None, info)
    assert cache.get("a/b", None) == (True, info)
    clock.now += 23 * 3600
    assert cache.get("a/b", None) == (True, info)
    clock.now += 2 * 3600
    assert cache.get("a/b", None) == (False, None)


def test_pinned_commit_is_cached_for_good(tmp_path: Path) -> None:
    clock = Clock()
    cache = make(tmp_path, clock)
    info = HubModelInfo(repo_id="a/b", sha=SHA)
    cache.put("a/b", SHA, info)
    cache.put("a/b", "main", info)
    clock.now += 365 * 24 * 3600
    assert cache.get("a/b", SHA) == (True, info)
    assert cache.get("a/b", "main") == (False, None)  # a branch moves: it expires


def test_negative_answers_have_a_shorter_ttl(tmp_path: Path) -> None:
    clock = Clock()
    cache = make(tmp_path, clock)
    cache.put("gone/repo", None, None)
    assert cache.get("gone/repo", None) == (True, None)
    clock.now += 3601
    assert cache.get("gone/repo", None) == (False, None)


def test_corrupt_and_foreign_entries_are_misses(tmp_path: Path) -> None:
    clock = Clock()
    cache = make(tmp_path, clock)
    cache.put("a/b", None, HubModelInfo(repo_id="a/b"))
    path = cache.path_for("a/b", None)
    entry = {"v": 1, "repo_id": "a/b", "revision": None, "fetched_at": clock.now, "status": "found"}
    for text in ("{truncated", "[]", json.dumps(entry | {"repo_id": "x/y", "info": {"repo_id": "x/y"}}),
                 json.dumps(entry | {"fetched_at": "soon", "info": {}}),
                 json.dumps(entry | {"info": {"repo_id": "a/b", "files": [1, 2]}}),
                 json.dumps(entry | {"status": "maybe", "info": {"repo_id": "a/b"}}),
                 json.dumps({"v": 99, "repo_id": "a/b"}), "\x00\xff"):
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        assert cache.get("a/b", None) == (False, None), text
    cache.put("a/b", None, HubModelInfo(repo_id="a/b", author="again"))
    assert cache.get("a/b", None)[1] == HubModelInfo(repo_id="a/b", author="again")


def test_writes_are_atomic_and_unwritable_cache_is_not_fatal(tmp_path: Path) -> None:
    cache = make(tmp_path, Clock())
    cache.put("a/b", None, HubModelInfo(repo_id="a/b"))
    assert [p.name for p in cache.directory.iterdir() if p.name.startswith(".tmp-")] == []
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    bad = HubCache(blocker, endpoint="https://hub.example")
    bad.put("a/b", None, HubModelInfo(repo_id="a/b"))
    assert bad.write_errors == 1 and bad.get("a/b", None) == (False, None)


def test_key_separates_endpoint_revision_and_auth_but_holds_no_token(tmp_path: Path) -> None:
    clock = Clock()
    anon, auth = make(tmp_path, clock), make(tmp_path, clock, authenticated=True)
    other = HubCache(tmp_path, endpoint="https://mirror.example", clock=clock)
    paths = {anon.path_for("a/b", None), auth.path_for("a/b", None), other.path_for("a/b", None), anon.path_for("a/b", "v1")}
    assert len(paths) == 4
    auth.put("a/b", None, HubModelInfo(repo_id="a/b"))
    assert "token" not in auth.path_for("a/b", None).read_text()


def test_info_dict_round_trip() -> None:
    info = HubModelInfo(repo_id="a/b", tags=("x",), architectures=("Qwen2ForCausalLM",), downloads=3, auto_map=True, access="gated-denied")
    assert info_from_dict(json.loads(json.dumps(info_to_dict(info)))) == info


def test_default_cache_dir(tmp_path: Path, monkeypatch: object) -> None:
    import os

    assert default_cache_dir(tmp_path) == tmp_path
    assert default_cache_dir() == Path(os.environ["XDG_CACHE_HOME"]) / "aiscan"  # conftest isolates XDG_CACHE_HOME
    assert ScanConfig(root=tmp_path).cache_dir is None
