"""Attack cases: files named by the tree's config (baseline, policies, the config itself) are devices, FIFOs, sockets,
links out of the root or huge. Each is an exit-2 error naming the path, fast, without reading a byte it should not."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.safefile import MAX_CONFIG_BYTES

from .helpers import project, run

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")


@pytest.fixture(autouse=True)
def _never_hang() -> Iterator[None]:
    """A read that blocks (a FIFO) or never ends (/dev/zero) fails the test after 10 s instead of hanging the suite."""
    def boom(*_: object) -> None:
        raise TimeoutError("aiscan hung on a file named by the config")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _expect_error(root: Path, *needles: str, args: tuple[str, ...] = ()) -> float:
    start = time.perf_counter()
    result = run(str(root), "--offline", *args)
    elapsed = time.perf_counter() - start
    assert result.exit_code == 2, result.stdout
    for needle in needles:
        assert needle in result.stderr, result.stderr
    return elapsed


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# --- baseline ------------------------------------------------------------------------------------------------------

def test_baseline_dev_zero_absolute(tmp_path: Path) -> None:
    root = project(tmp_path, "baseline: /dev/zero\n")
    assert _expect_error(root, "/dev/zero", "inside the scanned root") < 8.0  # no hang, no read: the 10 s alarm is the hard guard


def test_baseline_symlink_to_dev_zero(tmp_path: Path) -> None:
    root = project(tmp_path, "baseline: accepted.json\n")
    (root / "accepted.json").symlink_to("/dev/zero")
    _expect_error(root, "accepted.json", "resolves to /dev/zero")


def test_baseline_fifo_does_not_hang(tmp_path: Path) -> None:
    root = project(tmp_path, "baseline: pipe.json\n")
    _fifo(root / "pipe.json")
    assert _expect_error(root, "pipe.json", "FIFO") < 8.0  # no hang, no read: the 10 s alarm is the hard guard


def test_baseline_unix_socket(tmp_path: Path) -> None:
    root = project(tmp_path, "baseline: s.sock\n")
    path = root / "s.sock"
    if len(str(path)) > 100:
        pytest.skip("socket path too long")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        _expect_error(root, "s.sock")
    finally:
        server.close()


def test_baseline_directory(tmp_path: Path) -> None:
    root = project(tmp_path, "baseline: app\n")
    _expect_error(root, "app", "directory")


def test_baseline_outside_the_root(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text('{"version": 1, "findings": []}')
    root = project(tmp_path, "baseline: ../secret.json\n")
    _expect_error(root, "secret.json", "inside the scanned root")


def test_baseline_oversized_sparse_file(tmp_path: Path) -> None:
    root = project(tmp_path, "baseline: big.json\n")
    with open(root / "big.json", "wb") as fh:
        fh.truncate(4 * 1024 * 1024 * 1024)  # 4 GiB, sparse: must be refused by size, not read
    assert _expect_error(root, "big.json", f"over the {MAX_CONFIG_BYTES}-byte limit") < 8.0  # no hang, no read: the 10 s alarm is the hard guard


def test_baseline_named_on_the_command_line_must_still_be_regular(tmp_path: Path) -> None:
    root = project(tmp_path)
    _expect_error(root, "/dev/zero", "character device", args=("--baseline", "/dev/zero"))


def test_baseline_named_on_the_command_line_may_live_outside(tmp_path: Path) -> None:
    root = project(tmp_path)
    outside = tmp_path / "ci" / "baseline.json"
    outside.parent.mkdir()
    outside.write_text('{"version": 1, "findings": []}')
    assert run(str(root), "--offline", "--baseline", str(outside)).exit_code == 1  # read, and the HIGH finding still blocks


# --- policies ------------------------------------------------------------------------------------------------------

def test_policy_symlink_to_dev_zero(tmp_path: Path) -> None:
    root = project(tmp_path, "policy: [p.yaml]\n")
    (root / "p.yaml").symlink_to("/dev/zero")
    _expect_error(root, "p.yaml")


def test_policy_fifo(tmp_path: Path) -> None:
    root = project(tmp_path, "policy: [p.yaml]\n")
    _fifo(root / "p.yaml")
    assert _expect_error(root, "p.yaml", "FIFO") < 8.0  # no hang, no read: the 10 s alarm is the hard guard


def test_policy_extends_a_file_outside_the_root(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("version: 1\nrules: []\n")
    root = project(tmp_path, "policy: [p.yaml]\n")
    (root / "p.yaml").write_text("version: 1\nextends: [../outside.yaml]\nrules: []\n")
    _expect_error(root, "outside.yaml", "inside the scanned root")


def test_policy_extends_dev_zero(tmp_path: Path) -> None:
    root = project(tmp_path, "policy: [p.yaml]\n")
    (root / "p.yaml").write_text("version: 1\nextends: [z.yaml]\nrules: []\n")
    (root / "z.yaml").symlink_to("/dev/zero")
    _expect_error(root, "z.yaml")


def test_policy_extending_a_builtin_pack_is_fine(tmp_path: Path) -> None:
    root = project(tmp_path, "policy: [p.yaml]\n")
    (root / "p.yaml").write_text("version: 1\nextends: [strict]\nrules: []\n")
    assert run(str(root), "--offline").exit_code == 1


# --- the config file itself ----------------------------------------------------------------------------------------

def test_config_file_fifo(tmp_path: Path) -> None:
    root = project(tmp_path)
    _fifo(root / ".aiscan.yaml")
    assert _expect_error(root, ".aiscan.yaml", "FIFO") < 8.0  # no hang, no read: the 10 s alarm is the hard guard


def test_config_file_symlink_out_of_the_root(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text("exit_zero: true\n")
    root = project(tmp_path)
    (root / ".aiscan.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    _expect_error(root, ".aiscan.yaml", "inside the scanned root")


def test_pyproject_symlink_to_dev_zero(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "pyproject.toml").symlink_to("/dev/zero")
    _expect_error(root, "pyproject.toml")


def test_config_file_oversized(tmp_path: Path) -> None:
    root = project(tmp_path)
    with open(root / ".aiscan.yaml", "wb") as fh:
        fh.truncate(MAX_CONFIG_BYTES + 1)
    _expect_error(root, ".aiscan.yaml", "byte limit")
