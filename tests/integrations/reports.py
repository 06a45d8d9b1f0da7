"""Helpers: scan a throw-away project in-process (offline, fixed clock) and return its JSON report as a dict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from scanner.cli import main


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def scan_to_json(root: Path, out: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["scan", str(root), "--offline", "-q", "-o", str(out), *extra], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output + result.stderr
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def hf(model: str, cls: str = "AutoModel") -> str:
    return f'from transformers import {cls}\nm = {cls}.from_pretrained("{model}")\n'
