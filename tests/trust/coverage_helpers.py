"""Attack-case helpers: write a tree as an attacker would, scan it in-process (offline, fixed clock, no cache)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from scanner.config import ScanConfig
from scanner.models import Report, Severity
from scanner.pipeline import run_scan
from scanner.serialize import report_dict
from tests.conftest import FIXED_TIME
from tests.discover.helpers import write

QWEN = "Qwen/Qwen2.5-7B-Instruct"  # a model from a country of concern: AIS-ORIGIN-001 (high) when found


def hf(model: str = QWEN, extra: str = "") -> str:
    return f'from transformers import AutoModel\nm = AutoModel.from_pretrained("{model}"{extra})\n'


def evil_pickle() -> bytes:
    """A pickle whose loading would call os.system (built by hand: nothing is ever unpickled)."""
    return b"\x80\x04\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94\x8c\x05id\x94\x85\x94R\x94."


def fake_venv(root: Path, rel: str, *, real: bool) -> None:
    """A folder with pyvenv.cfg; ``real`` adds what a real environment has: an interpreter and site-packages."""
    write(root, {f"{rel}/pyvenv.cfg": "home = /usr/bin\nversion = 3.11.7\n" if real else ""})
    if real:
        write(root, {f"{rel}/bin/python3": "#!/bin/sh\n", f"{rel}/lib/python3.11/site-packages/pkg/__init__.py": ""})


def git_init(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True, capture_output=True)


def scan(root: Path, tmp_path: Path, **changes: Any) -> Report:
    config = ScanConfig(root=root, cache_dir=tmp_path / "cache", offline=True, file_cache=False, **changes)
    return run_scan(config, clock=lambda: FIXED_TIME)


def rules(report: Report, *, active: bool = True) -> set[tuple[str, str]]:
    return {(f.rule_id, f.subject) for f in report.findings if not active or f.suppressed_by is None}


def blocking(report: Report) -> set[str]:
    return {f.rule_id for f in report.blocking}


def as_json(report: Report) -> dict[str, Any]:
    return report_dict(report)


__all__ = ["QWEN", "Severity", "as_json", "blocking", "evil_pickle", "fake_venv", "git_init", "hf", "rules", "scan", "write"]
