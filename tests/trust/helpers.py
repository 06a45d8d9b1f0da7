"""Shared by the trust-boundary tests: an attacker-written project and a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from scanner.cli import main

APP = '''\
"""App."""
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct")
'''


def project(tmp_path: Path, config: str | None = None, *, name: str = "proj") -> Path:
    """A project with one HIGH finding (a Qwen model: AIS-ORIGIN-001) and, optionally, its own .aiscan.yaml."""
    root = tmp_path / name
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(APP, encoding="utf-8")
    if config is not None:
        (root / ".aiscan.yaml").write_text(config, encoding="utf-8")
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def scan_json(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run(str(root), "--offline", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def gate(data: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    return [(g["setting"], g["value"], g["line"]) for g in data["config"]["gate_changes"]]
