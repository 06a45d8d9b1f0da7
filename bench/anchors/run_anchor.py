"""Run one anchor scanner (picklescan, modelscan, fickling, modelaudit) on files through its Python API.

Executed by /work/anchors-venv/bin/python (the anchors are never installed into aiscan's venv). Reads file paths
from argv, prints one JSON line per file: {"path", "flagged", "error", "seconds", "detail"}. Start-up and import
time are excluded from "seconds" so throughput compares scanning, not interpreter start."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

logging.disable(logging.CRITICAL)


def _picklescan(path: str) -> tuple[bool, str | None, str]:
    from picklescan.scanner import scan_file_path

    result = scan_file_path(path)
    flagged = result.infected_files > 0 or result.issues_count > 0
    detail = ",".join(sorted({f"{g.module}.{g.name}" for g in result.globals if str(g.safety) != "SafetyLevel.Innocuous"}))[:200]
    return flagged, "scan error" if result.scan_err else None, detail


def _modelscan(path: str) -> tuple[bool, str | None, str]:
    from modelscan.modelscan import ModelScan

    scanner = ModelScan()
    report: dict[str, Any] = scanner.scan(path)
    issues = report.get("issues") or []
    errors = report.get("errors") or []
    skipped = (report.get("summary") or {}).get("skipped", {}).get("total_skipped", 0)
    err = "; ".join(str(e.get("description", e))[:80] for e in errors) or ("skipped" if skipped and not issues else None)
    return bool(issues), err, ",".join(sorted({str(i.get("operator")) for i in issues}))[:200]


def _fickling(path: str) -> tuple[bool, str | None, str]:
    import fickling

    try:
        safe = fickling.is_likely_safe(path)
    except Exception as exc:  # noqa: BLE001 - fickling raises on non-pickles
        return False, f"{exc.__class__.__name__}: {str(exc)[:80]}", ""
    return not safe, None, ""


def _modelaudit(path: str) -> tuple[bool, str | None, str]:
    from modelaudit.core import scan_model_directory_or_file

    result = scan_model_directory_or_file(path)
    data = result.model_dump() if hasattr(result, "model_dump") else dict(result)
    issues = [i for i in data.get("issues", []) if str(i.get("severity", "")).lower().split(".")[-1] in ("critical", "warning")]
    err = None if data.get("success", True) else "scan failed"
    return bool(issues), err, ";".join(str(i.get("message", ""))[:60] for i in issues[:3])


TOOLS = {"picklescan": _picklescan, "modelscan": _modelscan, "fickling": _fickling, "modelaudit": _modelaudit}


WARM = {"picklescan": "picklescan.scanner", "modelscan": "modelscan.modelscan", "fickling": "fickling", "modelaudit": "modelaudit.core"}


def main() -> None:
    tool = TOOLS[sys.argv[1]]
    __import__(WARM[sys.argv[1]])  # import cost is start-up, not scanning
    for path in sys.argv[2:]:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            flagged, error, detail = tool(path)
        except Exception as exc:  # noqa: BLE001 - an anchor crash is a data point, not the end of the run
            flagged, error, detail = False, f"crash {exc.__class__.__name__}: {str(exc)[:100]}", ""
        print(json.dumps({"path": path, "flagged": flagged, "error": error, "seconds": time.perf_counter() - started,
                          "cpu": time.process_time() - cpu, "detail": detail}), flush=True)


if __name__ == "__main__":
    main()
