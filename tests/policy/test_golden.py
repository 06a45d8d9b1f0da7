"""Golden findings: every example project under the default and strict packs, offline, fixed clock.

Regenerate after an intended change (discovery, resolution or rules):
    AISCAN_REGEN_GOLDEN=1 python -m pytest tests/policy/test_golden.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from scanner.config import build_config
from scanner.pipeline import run_scan
from scanner.serialize import location_dict

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if p.is_dir())
GOLDEN = REPO / "tests" / "golden" / "policy"
PACKS = ("default", "strict")
CLOCK = dt.datetime(2026, 6, 1, 12, 0, 0, tzinfo=dt.UTC)  # expiry dates in the examples are judged on this day


def findings_of(example: Path, pack: str) -> dict[str, Any]:
    config = build_config(example, config_path=None, cli={"offline": True, "policies": (pack,), "file_cache": False})
    report = run_scan(config, clock=lambda: CLOCK)
    rows = []
    for f in report.findings:
        rows.append({
            "rule_id": f.rule_id, "severity": f.severity.label, "subject": f.subject, "subject_kind": f.subject_kind,
            "locations": [str(loc) for loc in f.locations], "context": f.context, "suppressed_by": f.suppressed_by,
            "fingerprint": f.fingerprint, "message": f.message,
        })
    blocking = sorted({f.fingerprint for f in report.blocking})
    assert all(isinstance(location_dict(loc), dict) for f in report.findings for loc in f.locations)
    return {"example": example.name, "policy": pack, "fail_on": report.fail_on.label, "exit_code": 1 if blocking else 0,
            "blocking": len(blocking), "findings": rows}


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_golden_findings(example: Path, pack: str) -> None:
    actual = json.dumps(findings_of(example, pack), indent=2, ensure_ascii=False) + "\n"
    path = GOLDEN / f"{example.name}.{pack}.json"
    if os.environ.get("AISCAN_REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} missing: run AISCAN_REGEN_GOLDEN=1 python -m pytest tests/policy/test_golden.py"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if intended: AISCAN_REGEN_GOLDEN=1 python -m pytest tests/policy/test_golden.py"
    )


def test_every_golden_file_has_an_example() -> None:
    expected = {f"{e.name}.{p}.json" for e in EXAMPLES for p in PACKS}
    assert {p.name for p in GOLDEN.glob("*.json")} <= expected
