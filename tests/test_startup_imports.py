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
)

PROBE = """
import json, sys
from scanner.cli import main
try:
    main(["scan", sys.argv[1], "--offline", "--format", "json"], standalone_mode=False)
finally:
    sys.stdout.flush()
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _scan(empty: Path, cache: Path) -> tuple[dict[str, object], set[str]]:
    """(the JSON report on stdout, the modules loaded when the scan was over)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), HF_HUB_OFFLINE="1")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(empty)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_empty_offline_json_scan_imports_no_lazy_module(tmp_path: Path) -> None:
    empty, cache = tmp_path / "empty", tmp_path / "cache"
    empty.mkdir()
    for run in ("cold", "warm"):  # first run parses the registry YAML, the second reads its JSON copy
        report, loaded = _scan(empty, cache)
        assert "scanner.pipeline" in loaded and "scanner.report.json_report" in loaded  # the probe did scan
        assert report["references"] == [] and report["models"] == []
        lazy = (*LAZY, "yaml") if run == "warm" else LAZY  # warm: the registry and policy packs come from their parsed copies
        heavy = sorted(m for m in loaded if any(m == name or m.startswith(name + ".") for name in lazy))
        assert heavy == [], f"{run}: {heavy}"
