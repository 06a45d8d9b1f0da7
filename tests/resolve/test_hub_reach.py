"""scan-files (the pre-commit hook) never waits on an unreachable Hub: the failure is remembered for a few minutes."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from scanner.config import ScanConfig
from scanner.resolve.hub import create_client
from scanner.resolve.hub_reach import MARKER, UNREACHABLE_TTL, remembered_failure


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more: connection refused


def _config(tmp_path: Path, url: str, files: tuple[str, ...]) -> ScanConfig:
    return ScanConfig(root=tmp_path, hub={"endpoint": url, "timeout": 1.0, "retries": 0}, cache_dir=tmp_path / "cache", files=files)


def test_hook_remembers_an_unreachable_hub(tmp_path: Path) -> None:
    url = _closed_port_url()
    staged = (str(tmp_path / "app.py"),)
    first = create_client(_config(tmp_path, url, staged))
    answers = first.model_infos([("Qwen/m1", None)])
    assert isinstance(answers[("Qwen/m1", None)], Exception)
    assert first.inner is not None and first.inner.requests == 1
    cache_dir = tmp_path / "cache"
    assert remembered_failure(cache_dir, url.rstrip("/")) is not None
    second = create_client(_config(tmp_path, url, staged))
    assert second.inner is not None and second.inner.broken is not None  # open before any lookup
    started = time.monotonic()
    answers = second.model_infos([("Qwen/m2", None), ("Qwen/m3", None)])
    assert all(isinstance(a, Exception) for a in answers.values())
    assert second.inner.requests == 0 and time.monotonic() - started < 0.1
    assert "unreachable" in str(answers[("Qwen/m2", None)])


def test_full_scans_and_other_endpoints_still_try(tmp_path: Path) -> None:
    url = _closed_port_url()
    create_client(_config(tmp_path, url, ("a.py",))).model_infos([("Qwen/m1", None)])
    assert (tmp_path / "cache" / MARKER).exists()
    full = create_client(_config(tmp_path, url, ()))  # `aiscan scan` retries: it is not on the hook's clock
    assert full.inner is not None and full.inner.broken is None
    other = create_client(_config(tmp_path, _closed_port_url() + "/mirror", ("a.py",)))
    assert other.inner is not None and other.inner.broken is None


def test_the_memory_is_short(tmp_path: Path) -> None:
    url = _closed_port_url()
    create_client(_config(tmp_path, url, ("a.py",))).model_infos([("Qwen/m1", None)])
    later = time.time() + UNREACHABLE_TTL + 1
    assert remembered_failure(tmp_path / "cache", url, now=later) is None
