"""Baseline files: the fingerprints of accepted findings, so a gate fails only on new ones."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError, Problem
from ..models import Finding
from ..safefile import read_text

BASELINE_VERSION = 1


def baseline_dict(findings: Iterable[Finding], *, tool_version: str) -> dict[str, object]:
    """The baseline of the unsuppressed findings: fingerprint, rule and subject (for humans), sorted, no dates."""
    rows = {f.fingerprint: {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "subject": f.subject} for f in findings if f.suppressed_by is None}
    ordered = sorted(rows.values(), key=lambda r: (r["rule_id"], r["subject"], r["fingerprint"]))
    return {"version": BASELINE_VERSION, "tool": f"aiscan {tool_version}", "findings": ordered}


def write_baseline(path: Path, findings: Iterable[Finding], *, tool_version: str) -> int:
    data = baseline_dict(findings, tool_version=tool_version)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = data["findings"]
    return len(rows) if isinstance(rows, list) else 0


def read_baseline(path: Path, *, root: Path | None = None) -> frozenset[str]:
    """Fingerprints of a baseline file; a missing, malformed, oversized or non-regular file is a config error (exit 2).

    ``root``: the baseline was named by a config in the scanned tree and must be a regular file inside it.
    """
    display = str(path)
    if not os.path.lexists(path):
        raise ConfigError([Problem(display, None, "", "baseline file not found (create it with: aiscan baseline PATH -o FILE)")])
    try:
        data = json.loads(read_text(path, what="baseline file", root=root, display=display))
    except json.JSONDecodeError as exc:
        raise ConfigError([Problem(display, exc.lineno, "", f"invalid baseline JSON: {exc.msg}")]) from None
    rows = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(rows, list):
        raise ConfigError([Problem(display, None, "", f"not an aiscan baseline (expected version {BASELINE_VERSION} and a 'findings' list)")])
    prints = [r.get("fingerprint") if isinstance(r, dict) else r for r in rows]
    if not all(isinstance(p, str) and p for p in prints):
        raise ConfigError([Problem(display, None, "findings", "every entry needs a 'fingerprint' string")])
    return frozenset(str(p) for p in prints)
