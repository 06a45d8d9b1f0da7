"""GitLab glue: convert an aiscan JSON report into a GitLab Code Quality report (artifacts:reports:codequality).

``python -m scanner.ci.gitlab aiscan.json -o gl-code-quality.json``. GitLab shows these issues in the merge request
widget and on the diff, and compares them by fingerprint with the target branch's report, so "new" there means the
same as in `aiscan diff`. Suppressed findings are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..compare.reportfile import ReportFileError, load_report

SEVERITY = {"info": "info", "low": "minor", "medium": "major", "high": "critical", "critical": "blocker"}


def code_quality(report: Mapping[str, Any], *, prefix: str = "") -> list[dict[str, Any]]:
    """One Code Quality issue per unsuppressed finding, at its first location (GitLab wants a path and a line)."""
    issues = []
    for f in report.get("findings", []):
        if f.get("suppressed_by"):
            continue
        locs = f.get("locations") or []
        path = str(locs[0].get("path")) if locs else ".aiscan.yaml"
        line = locs[0].get("line") if locs else None
        description = str(f.get("message") or f.get("subject"))
        if len(locs) > 1:
            description += f" (+{len(locs) - 1} more location(s))"
        issues.append(
            {
                "type": "issue",
                "check_name": str(f.get("rule_id")),
                "description": description,
                "content": {"body": str(f.get("remediation") or f.get("title") or "")},
                "categories": ["Security"],
                "fingerprint": str(f.get("fingerprint")),
                "severity": SEVERITY.get(str(f.get("severity")), "info"),
                "location": {"path": f"{prefix.rstrip('/')}/{path}" if prefix else path, "lines": {"begin": int(line or 1)}},
            }
        )
    return issues


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scanner.ci.gitlab", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("report", help="aiscan JSON report")
    parser.add_argument("-o", "--output", required=True, help="Code Quality JSON to write")
    parser.add_argument("--prefix", default="", help="path of the scanned directory inside the repository, if not its root")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        report = load_report(args.report, strict_schema=False)
    except ReportFileError as exc:
        print(f"aiscan: error: {exc}", file=sys.stderr)
        return 2
    Path(args.output).write_text(json.dumps(code_quality(report, prefix=args.prefix), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
