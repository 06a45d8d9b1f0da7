"""A bound a detector stops at on purpose is never silent: the file is listed as not fully analysed (coverage,
AIS-COVERAGE-001) and read by the fallback. The cases an attacker would pad a file with to push a model past a bound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.discover.cutshort import cut_short, recording
from scanner.discover.manifests.common import MAX_PACKAGES


def scan(tmp_path: Path) -> dict:
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def gaps(report: dict) -> dict[str, str]:
    return {g["path"]: g["reason"] for g in report["coverage"]["not_analysed"]}


def test_outside_a_recording_nothing_happens_and_inside_once_per_reason() -> None:
    cut_short("x", "ignored")
    out: list[tuple[str, str]] = []
    with recording(out):
        cut_short("value-cap", "first")
        cut_short("value-cap", "second")
        cut_short("token-cap", "third")
    cut_short("value-cap", "after")
    assert out == [("value-cap", "first"), ("token-cap", "third")]


def test_a_name_bound_past_the_value_bound(tmp_path: Path) -> None:
    body = "".join(f"if c == {i}:\n    x = 'acme-ai/m{i}'\n" for i in range(60))
    (tmp_path / "pad.py").write_text(f"from transformers import AutoModel\nx = 'a'\n{body}AutoModel.from_pretrained(x)\n")
    (tmp_path / "fine.py").write_text("from transformers import AutoModel\nAutoModel.from_pretrained('acme-ai/one')\n")
    assert gaps(scan(tmp_path)) == {"pad.py": "value-cap"}


def test_a_lock_file_padded_past_the_package_bound(tmp_path: Path) -> None:
    packages = {"": {"name": "app"}}
    packages.update({f"node_modules/pad-{i}": {"version": "1.0.0"} for i in range(MAX_PACKAGES + 5)})
    packages["node_modules/@xenova/transformers"] = {"version": "2.17.2"}
    (tmp_path / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    assert gaps(scan(tmp_path)) == {"package-lock.json": "package-cap"}


def test_a_go_mod_padded_past_the_package_bound(tmp_path: Path) -> None:
    lines = "\n".join(f"\texample.com/pad{i} v1.0.0" for i in range(MAX_PACKAGES + 2))
    (tmp_path / "go.mod").write_text(f"module app\n\ngo 1.22\n\nrequire (\n{lines}\n\tgithub.com/ollama/ollama v0.5.0\n)\n")
    assert gaps(scan(tmp_path)) == {"go.mod": "package-cap"}


def test_a_capped_file_is_answered_from_the_cache_the_next_time(tmp_path: Path) -> None:
    from scanner.config import ScanConfig
    from scanner.discover.engine import scan_files

    root = tmp_path / "proj"
    root.mkdir()
    body = "".join(f"if c == {i}:\n    x = 'acme-ai/m{i}'\n" for i in range(60))
    (root / "pad.py").write_text(f"from transformers import AutoModel\nx = 'a'\n{body}AutoModel.from_pretrained(x)\n")
    (root / "run.sh").write_text("echo " + " ".join("x" for _ in range(3_000)) + " && ollama pull qwen2.5\n")
    config = ScanConfig(root=root, offline=True, cache_dir=tmp_path / "cache")
    first = scan_files(config, workers=1, use_cache=True)
    second = scan_files(config, workers=1, use_cache=True)
    assert {g.reason for g in first.coverage.not_analysed} == {"value-cap", "token-cap"}
    assert first.stats.scanned == 2 and second.stats.scanned == 0  # nothing analysed again
    assert second.coverage == first.coverage and sorted(second.references, key=str) == sorted(first.references, key=str)


@pytest.mark.parametrize(("name", "text", "reason"), [
    ("Pipfile", "[packages]\n" + "model={" * 500 + "\n", "invalid-toml"),  # a RecursionError in tomllib
    ("Pipfile", "[packages]\ntransformers = \n", "invalid-toml"),
    ("poetry.lock", "[[package]\nname = 'torch'\n", "invalid-toml"),
    ("Pipfile.lock", '{"default": {"torch": ', "invalid-json"),
    ("Cargo.lock", "[[package]]\nname = \n", "invalid-toml"),
    ("package-lock.json", '{"packages": {', "invalid-json"),
])
def test_a_lock_or_manifest_that_does_not_parse_is_listed(tmp_path: Path, name: str, text: str, reason: str) -> None:
    (tmp_path / name).write_text(text)
    assert gaps(scan(tmp_path)) == {name: reason}
