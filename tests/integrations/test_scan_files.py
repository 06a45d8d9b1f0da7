"""`aiscan scan-files`: pre-commit's mode. Only the named files are read; config and policy come from the root."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main

from .reports import hf, write_tree

QWEN = "Qwen/Qwen2.5-7B-Instruct"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_tree(tmp_path / "repo", {
        "old/legacy.py": hf(QWEN),  # an existing violation, not part of this commit
        "app/clean.py": "print('hi')\n",
        "app/bad.py": hf("deepseek-ai/DeepSeek-V3"),
        "vendor/lib.py": hf(QWEN),
        "generated/out.py": hf(QWEN),
        ".aiscan.yaml": "exclude: ['generated/*']\n",
    })
    monkeypatch.chdir(root)  # pre-commit runs hooks from the repository root
    return root


def test_only_named_files_are_read(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run("scan-files", "--offline", "app/clean.py", "-o", str(out))
    assert result.exit_code == 0, result.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["models"] == [] and report["findings"] == []  # old/legacy.py was not read
    result = run("scan-files", "--offline", "app/clean.py", "app/bad.py", "-o", str(out))
    assert result.exit_code == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [m["id"] for m in report["models"]] == ["deepseek-ai/DeepSeek-V3"]
    assert {r["path"] for r in report["references"]} == {"app/bad.py"}


def test_project_context_applies(project: Path) -> None:
    # Excluded by the project's .aiscan.yaml, and skipped like a full scan skips vendored code: a vendor/ folder is
    # skipped only when its layout proves it (Go's vendor/modules.txt); by name alone it is project code.
    assert run("scan-files", "--offline", "generated/out.py", "vendor/lib.py").exit_code == 1
    (project / "vendor" / "modules.txt").write_text("# example.com/lib v1.0.0\n", encoding="utf-8")
    assert run("scan-files", "--offline", "generated/out.py", "vendor/lib.py").exit_code == 0
    # The config at the root decides the threshold: a config that only fails on critical lets the commit through.
    (project / ".aiscan.yaml").write_text("exclude: ['generated/*']\nfail_on: critical\n", encoding="utf-8")
    assert run("scan-files", "--offline", "app/bad.py").exit_code == 0
    assert run("scan-files", "--offline", "--fail-on", "high", "app/bad.py").exit_code == 1  # hook args still win


def test_paths_outside_root_deleted_or_none(project: Path, tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "elsewhere", {"x.py": hf(QWEN)})
    assert run("scan-files", "--offline", str(outside / "x.py"), "app/gone.py").exit_code == 0
    assert run("scan-files", "--offline").exit_code == 0  # nothing staged that aiscan reads
    assert run("scan-files", "--offline", os.path.abspath("app/bad.py")).exit_code == 1  # absolute paths inside the root work


def test_root_option_for_monorepos(project: Path) -> None:
    write_tree(project / "services/api", {".aiscan.yaml": "fail_on: critical\n", "main.py": hf(QWEN)})
    # Paths are relative to the current directory (the git root), the context comes from --root.
    assert run("scan-files", "--offline", "--root", "services/api", "services/api/main.py").exit_code == 0
    assert run("scan-files", "--offline", "services/api/main.py").exit_code == 1
