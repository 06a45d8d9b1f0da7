"""An offline JSON scan of an empty folder imports none of the modules that only other scans need (start-up cost)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Imported where used; an empty offline JSON scan uses none of them (issue 19, start-up under 0.15 s).
LAZY = (
    "huggingface_hub",
    "jinja2",
    "packaging",  # version conditions, package ignores, requirement files, SPDX checks of user registry entries
    "scanner.report.html",
    "scanner.report.sarif",
    "scanner.report.cyclonedx",
    "scanner.report.markdown",
    "scanner.report.text",  # only when text is printed
    "scanner.resolve.hub",
    "scanner.resolve.hub_enrich",
    "scanner.resolve.hub_local",
    "scanner.resolve.hub_client",
    "scanner.resolve.cache",
    "scanner.discover.fallback",  # the parser-free fallback (and classify's regexes): only for files with gaps
    "hashlib",  # OpenSSL (_hashlib, ~4 ms): our own keys and digests use scanner.sha; model files' sha256 use hashlib
    "_hashlib",
    "sqlite3",  # the file cache is opened at the first file listed
    "scanner.resolve._built_entries",  # the registry tables an empty scan does not read (resolve/built.py)
    "scanner.resolve.kinds",  # per-kind resolution and local-file fingerprints: only when there is a model to resolve
    "scanner.resolve.localfiles",
    "scanner.resolve.fingerprint",
)

PROBE = """
import json, sys
from scanner.cli import main
try:
    main(["scan", sys.argv[1], "--offline", "--format", "json", *sys.argv[2:]], standalone_mode=False)
except SystemExit:
    pass
finally:
    sys.stdout.flush()
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _scan(empty: Path, cache: Path, *args: str) -> tuple[dict[str, object], set[str]]:
    """(the JSON report on stdout, the modules loaded when the scan was over)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), HF_HUB_OFFLINE="1")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(empty), *args], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout) if not args else {}, set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_empty_offline_json_scan_imports_no_lazy_module(tmp_path: Path) -> None:
    empty, cache = tmp_path / "empty", tmp_path / "cache"
    empty.mkdir()
    for run in ("cold", "warm"):  # cold: the shipped parsed copies of the registry and the packs; warm: the cache's
        report, loaded = _scan(empty, cache)
        assert "scanner.pipeline" in loaded and "scanner.report.json_report" in loaded  # the probe did scan
        assert report["references"] == [] and report["models"] == []
        heavy = sorted(m for m in loaded if any(m == name or m.startswith(name + ".") for name in (*LAZY, "yaml")))
        assert heavy == [], f"{run}: {heavy}"


def test_report_file_by_extension_imports_only_its_reporter(tmp_path: Path) -> None:
    empty, cache = tmp_path / "empty", tmp_path / "cache"
    empty.mkdir()
    _, loaded = _scan(empty, cache, "-q", "-o", str(tmp_path / "out" / "r.json"))
    assert json.loads((tmp_path / "out" / "r.json").read_text())["references"] == []
    heavy = sorted(m for m in loaded if any(m == name or m.startswith(name + ".") for name in LAZY))
    assert heavy == []


# A project of source files and Hub references, no requirement file and no model file: the requirement grammar,
# the pickle walker and the other format scanners, PyYAML (offline Hub answers come from the JSON cache) and the
# terminal-size helper's archive modules are never needed.
SOURCE_ONLY_LAZY = (
    "packaging.requirements",
    "scanner.formats.pickle_fmt",
    "scanner.formats.pickle_vm",
    "scanner.formats.tar_fmt",
    "scanner.formats.onnx_fmt",
    "scanner.formats.safetensors_fmt",
    "scanner.resolve.hub_local",
    "scanner.report.html",
    "tempfile",
)


def test_source_only_scan_leaves_format_scanners_and_requirement_grammar_unloaded(tmp_path: Path) -> None:
    project, cache = tmp_path / "project", tmp_path / "cache"
    project.mkdir()
    (project / "app.py").write_text(
        'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n', encoding="utf-8")
    (project / "notes.txt").write_text("plain text, no model\n", encoding="utf-8")
    for run in ("cold", "warm"):
        _, loaded = _scan(project, cache, "-q", "-o", str(tmp_path / f"{run}.json"))
        report = json.loads((tmp_path / f"{run}.json").read_text())
        assert [m["id"] for m in report["models"]] == ["Qwen/Qwen2.5-7B-Instruct"], run  # the probe did scan
        heavy = sorted(m for m in loaded if any(m == name or m.startswith(name + ".") for name in SOURCE_ONLY_LAZY))
        assert heavy == [], f"{run}: {heavy}"
