"""The file-scanning engine: one read per file, errors as data, same output serial or parallel, incremental cache."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest

from scanner.config import ScanConfig
from scanner.discover import engine
from scanner.discover.base import SourceFile
from scanner.discover.engine import FileResult, scan_files, scan_one
from scanner.discover.walker import WalkEntry
from scanner.models import Context, FileIssue, Location, ModelFile, Reference, RefKind, ScanError, Severity
from scanner.recordcodec import decode, encode

LOADER = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("{model}")\n'


def make_project(root: Path, n: int = 30) -> Path:
    for i in range(n):
        path = root / f"pkg{i % 3}" / f"mod{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(LOADER.format(model=f"org{i}/model-{i}") if i % 2 == 0 else f"x = {i}\n")
    (root / "requirements.txt").write_text("transformers==4.44.0\ntorch>=2\n")
    (root / "notes.md").write_text("nothing here\n")
    return root


def config(root: Path, tmp_path: Path, **changes: object) -> ScanConfig:
    return ScanConfig(root=root, cache_dir=tmp_path / "cache", **changes)  # type: ignore[arg-type]


def summary(out: engine.FilesOutput) -> tuple[list[tuple[str, str, int | None]], list[str], list[tuple[str | None, str]]]:
    refs = [(r.identifier, r.location.path, r.location.line) for r in out.references]
    return refs, [f.path for f in out.files], [(e.path, e.message) for e in out.errors]


def test_references_come_out_in_a_deterministic_order(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    out = scan_files(config(root, tmp_path), use_cache=False)
    ids = [r.identifier for r in out.references if r.kind is RefKind.HF_MODEL]
    assert sorted(ids) == sorted(f"org{i}/model-{i}" for i in range(0, 30, 2))
    assert [r.location.path for r in out.references] == sorted(r.location.path for r in out.references)
    assert out.stats.files == 32 and out.stats.workers == 1


def test_parallel_and_serial_runs_give_identical_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p", n=60)
    serial = scan_files(config(root, tmp_path), workers=1, use_cache=False)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(engine, "CHUNK_FILES", 7)
    parallel = scan_files(config(root, tmp_path), workers=2, use_cache=False)
    assert parallel.stats.workers == 2
    assert summary(parallel) == summary(serial)
    assert parallel.references == serial.references


class Exploding:
    name = "exploding"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix == ".py"

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        if b"from_pretrained" in src.data:
            yield Reference(kind=RefKind.MENTION, identifier="partial", location=src.location(1), detector=self.name)
            raise KeyError("boom")
        return


def test_a_crashing_detector_becomes_an_error_and_the_scan_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p", n=4)
    import scanner.discover as discover

    monkeypatch.setattr(discover, "DETECTORS", (*discover.DETECTORS, Exploding()))
    out = scan_files(config(root, tmp_path), use_cache=False)
    messages = {(e.path, e.message) for e in out.errors}
    assert ("pkg0/mod0.py", "exploding: KeyError: 'boom'") in messages
    assert ("pkg2/mod2.py", "exploding: KeyError: 'boom'") in messages
    assert {r.identifier for r in out.references} >= {"org0/model-0", "org2/model-2", "partial"}


def test_file_vanishing_between_walk_and_read_is_an_error_with_its_reason(tmp_path: Path) -> None:
    entry = WalkEntry("gone.py", 10)
    outcome = scan_one(tmp_path, entry, max_file_size=100, want_digest=True)
    assert outcome.result is not None and not outcome.cacheable
    (error,) = outcome.result.errors
    assert error.path == "gone.py" and error.message.startswith("not fully analysed (read-error): cannot read:")
    assert [g.reason for g in outcome.result.gaps] == ["read-error"]


def test_unreadable_file_is_an_error_unless_we_can_read_it_anyway(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", n=2)
    locked = root / "pkg0" / "mod0.py"
    locked.chmod(0)
    try:
        out = scan_files(config(root, tmp_path), use_cache=False)
        if os.access(locked, os.R_OK):  # root in CI: permission bits do not stop reads; the file is scanned
            assert "org0/model-0" in {r.identifier for r in out.references}
        else:
            assert any(e.path == "pkg0/mod0.py" and "cannot read" in e.message for e in out.errors)
            assert {r.identifier for r in out.references} >= {"transformers"}
    finally:
        locked.chmod(0o644)


def test_files_over_the_size_cap_are_fallback_scanned_with_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", n=2)
    (root / "big.py").write_text("x = 1\n" * 100 + 'm = AutoModel.from_pretrained("Qwen/Qwen2-7B")\n')
    out = scan_files(config(root, tmp_path, max_file_size=200), use_cache=False)
    expected = ("big.py", "not fully analysed (size-cap): larger than 200 bytes; fallback scan used")
    assert expected in {(e.path, e.message) for e in out.errors}
    assert ("Qwen/Qwen2-7B", "fallback") in {(r.identifier, r.detector) for r in out.references if r.location.path == "big.py"}
    assert [(g.path, g.reason, g.fallback) for g in out.coverage.not_analysed] == [("big.py", "size-cap", True)]


def test_second_scan_of_an_unchanged_tree_comes_from_the_cache(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    cold = scan_files(config(root, tmp_path))
    assert cold.stats.cache_hits == 0 and cold.stats.scanned == 32
    _age(root)
    scan_files(config(root, tmp_path))  # stores trustworthy stat signatures now that the files are old
    warm = scan_files(config(root, tmp_path))
    assert warm.stats.cache_hits == 32 and warm.stats.scanned == 0
    assert summary(warm) == summary(cold)
    assert warm.references == cold.references


def test_changed_touched_and_deleted_files_are_handled(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    _age(root)
    scan_files(config(root, tmp_path))
    (root / "pkg0" / "mod0.py").write_text(LOADER.format(model="neworg/new-model"))
    os.utime(root / "pkg1" / "mod1.py")  # same content, new mtime: re-hashed, not re-parsed
    (root / "pkg2" / "mod2.py").unlink()
    out = scan_files(config(root, tmp_path))
    ids = {r.identifier for r in out.references}
    assert "neworg/new-model" in ids and "org0/model-0" not in ids and "org2/model-2" not in ids
    assert out.stats.scanned == 1 and out.stats.digest_hits == 1 and out.stats.cache_hits == 29
    db = next((tmp_path / "cache" / "files").glob("*.sqlite"))
    with sqlite3.connect(db) as conn:
        paths = {p for (p,) in conn.execute("SELECT relpath FROM files")}
    assert "pkg2/mod2.py" not in paths and "pkg0/mod0.py" in paths


def test_a_tree_without_files_opens_no_cache_and_a_file_opens_it(tmp_path: Path) -> None:
    """The cache is opened at the first file listed (issue 19: an empty scan loads no sqlite, hashes no code)."""
    root = tmp_path / "p"
    (root / "empty-folder").mkdir(parents=True)
    out = scan_files(config(root, tmp_path))
    assert out.stats.files == 0 and not (tmp_path / "cache" / "files").exists()
    (root / "app.py").write_text(LOADER.format(model="org/one"))
    _age(root)
    assert scan_files(config(root, tmp_path)).stats.scanned == 1
    assert len(list((tmp_path / "cache" / "files").glob("*.sqlite"))) == 1
    assert scan_files(config(root, tmp_path)).stats.cache_hits == 1


def test_cache_is_invalidated_by_config_that_changes_results(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", n=2)
    _age(root)
    scan_files(config(root, tmp_path))
    out = scan_files(config(root, tmp_path, max_file_size=10))
    assert out.stats.cache_hits == 0
    assert any(e.message.startswith("not fully analysed (size-cap): larger than 10 bytes") for e in out.errors)


def test_corrupt_or_unwritable_cache_never_fails_the_scan(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", n=2)
    scan_files(config(root, tmp_path))
    db = next((tmp_path / "cache" / "files").glob("*.sqlite"))
    db.write_bytes(b"this is not a database" * 100)
    assert scan_files(config(root, tmp_path)).stats.scanned == 4
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be")
    out = scan_files(ScanConfig(root=root, cache_dir=blocker))
    assert {r.identifier for r in out.references} >= {"org0/model-0"}


def test_file_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p", n=2)
    scan_files(config(root, tmp_path, file_cache=False))
    assert not (tmp_path / "cache" / "files").exists()
    monkeypatch.setenv("AISCAN_NO_CACHE", "1")
    scan_files(config(root, tmp_path))
    assert not (tmp_path / "cache" / "files").exists()


def test_a_single_file_root_is_scanned(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", n=1)
    out = scan_files(config(root / "pkg0" / "mod0.py", tmp_path))
    assert [r.location.path for r in out.references] == ["mod0.py"]


def test_records_round_trip_through_the_cache_codec() -> None:
    ref = Reference(kind=RefKind.HF_MODEL, identifier="a/b", location=Location(path="x.py", line=3, cell=2), detector="d",
                    context=Context.NOTEBOOK, revision="main", trust_remote_code=True)
    model_file = ModelFile(path="m.pt", format="pytorch-zip", size=10, verdict="unsafe", can_execute_code=True,
                           issues=(FileIssue(code="c", severity=Severity.HIGH, message="m"),), metadata={"k": [1, "v"], "n": None})
    result = FileResult(references=(ref,), model_file=model_file, errors=(ScanError(stage="discover", message="m", path="p"),))
    assert decode(FileResult, json.loads(json.dumps(encode(result)))) == result
    with pytest.raises(TypeError):
        decode(FileResult, {"references": [{"kind": "hf-model", "unknown_field": 1}]})


def _age(root: Path) -> None:
    """Make every file look older than the racy-clean window, as files in a real checkout are."""
    old = 1_600_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))


def test_file_cache_key_in_the_project_config(tmp_path: Path) -> None:
    from scanner.config import build_config

    root = make_project(tmp_path / "p", n=2)
    (root / ".aiscan.yaml").write_text("file_cache: false\n")
    cfg = build_config(root, config_path=None, cli={"cache_dir": tmp_path / "cache"})
    assert cfg.file_cache is False
    scan_files(cfg)
    assert not (tmp_path / "cache" / "files").exists()


def test_a_fully_cached_scan_never_imports_the_detectors(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = make_project(tmp_path / "p", n=6)
    for path in root.rglob("*"):
        os.utime(path, ns=(1_600_000_000_000_000_000,) * 2)  # outside the racy window: stat signatures are kept
    script = (
        "import sys, json; from pathlib import Path; from scanner.config import ScanConfig;"
        "from scanner.discover.engine import scan_files;"
        f"out = scan_files(ScanConfig(root=Path({str(root)!r}), cache_dir=Path({str(tmp_path / 'cache')!r})));"
        "print(json.dumps([out.stats.cache_hits, len(out.references), 'scanner.discover.python.detector' in sys.modules]))"
    )
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
            for _ in range(2)]
    assert runs[0][0] == 0 and runs[0][2] is True  # cold: detectors loaded
    assert runs[1][0] == 8 and runs[1][1] == runs[0][1]  # 6 modules + requirements + notes: all cache hits
    assert runs[1][2] is False  # warm: not imported
