"""GitHub Actions glue for action.yml: step outputs, the job summary and diff annotations from a finished scan.

Run by scripts/action/scan.sh as ``python -m scanner.ci.github``; reads GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
GITHUB_WORKSPACE from the environment. Never fails the step itself: the gate step applies the exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import subprocess
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..compare.reportfile import SEVERITY_LABELS, ReportFileError, load_report
from ..textsafe import reveal

SUMMARY_LIMIT = 1000 * 1024  # GitHub refuses step summaries over 1 MiB
MAX_ANNOTATIONS = 10  # GitHub shows at most 10 error annotations per step
REPORT_NAMES = ("json", "sarif", "markdown", "html", "cyclonedx", "text", "diff")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scanner.ci.github")
    parser.add_argument("--exit-code", type=int, required=True, help="exit code of `aiscan scan`")
    parser.add_argument("--scanned-path", default=".", help="the action's `path` input (annotations are relative to its repository)")
    parser.add_argument("--report", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--diff-json", default=None)
    parser.add_argument("--diff-markdown", default=None)
    parser.add_argument("--diff-exit-code", type=int, default=None)
    return parser.parse_args(argv)


def outputs_for(report: Mapping[str, Any] | None, diff: Mapping[str, Any] | None, *, scan_code: int, diff_code: int | None) -> dict[str, str]:
    """The action's outputs; ``exit-code`` is what the gate step exits with."""
    if report is None or scan_code == 2 or diff_code == 2:
        return {"verdict": "error", "exit-code": "2"}
    summary = report.get("summary") or {}
    active = [f for f in report.get("findings", []) if not f.get("suppressed_by")]
    out = {
        "verdict": str(summary.get("verdict") or ("fail" if scan_code else "pass")),
        "exit-code": str(scan_code),
        "findings": str(len(active)),
        "blocking": str(summary.get("blocking", 0)),
        "suppressed": str(len(report.get("findings", [])) - len(active)),
        "models": str(summary.get("models", len(report.get("models", [])))),
        "foreign-models": str(summary.get("foreign_models", 0)),
        "models-of-concern": str(summary.get("models_of_concern", 0)),
        "packages": str(len(report.get("packages", []))),
        "model-files": str(len(report.get("files", []))),
        "errors": str(len(report.get("errors", []))),
    }
    for sev in SEVERITY_LABELS:
        out[sev] = str(sum(1 for f in active if f.get("severity") == sev))
    if diff is not None and diff_code is not None:
        out["verdict"] = str(diff.get("verdict", "fail" if diff_code else "pass"))
        out["exit-code"] = str(diff_code)
        out["new-findings"] = str(len(diff.get("blocking", [])))
    return out


def write_outputs(path: str, values: Mapping[str, str]) -> None:
    """Append to $GITHUB_OUTPUT with a random heredoc delimiter, so no value can inject another output."""
    with open(path, "a", encoding="utf-8") as fh:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            fh.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def fallback_summary(report: Mapping[str, Any] | None, outputs: Mapping[str, str]) -> str:
    """A short Markdown summary from the JSON report, used when no Markdown report was requested."""
    if report is None:
        return "### aiscan\n\n:x: aiscan could not complete the scan; see the step log.\n"
    lines = [f"### aiscan: {outputs['verdict'].upper()}", "", "| models | foreign | of concern | " + " | ".join(SEVERITY_LABELS[::-1]) + " |"]
    lines.append("|" + "---:|" * (3 + len(SEVERITY_LABELS)))
    cells = [outputs["models"], outputs["foreign-models"], outputs["models-of-concern"], *(outputs[s] for s in SEVERITY_LABELS[::-1])]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def annotation(row: Mapping[str, Any], prefix: str) -> str:
    """A workflow command that puts the finding on the pull request's diff."""
    props = [f"title={_prop(reveal(str(row.get('rule_id')) + ' ' + str(row.get('title') or row.get('subject') or '')))}"]
    locs = row.get("locations") or []
    if locs:
        props.insert(0, f"file={_prop(posixpath.normpath(posixpath.join(prefix, str(locs[0].get('path')))))}")
        if locs[0].get("line"):
            props.insert(1, f"line={int(locs[0]['line'])}")
    level = "error" if row.get("severity") in ("critical", "high") else "warning" if row.get("severity") == "medium" else "notice"
    return f"::{level} {','.join(props)}::{_data(reveal(str(row.get('message') or row.get('subject'))))}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def blocking_rows(report: Mapping[str, Any], diff: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    if diff is not None:
        gate = [{"rule_id": "AIS-GATE-001", "title": "Gate weakened by head", "severity": "high",
                 "message": f"{g.get('setting')}: {g.get('value')} weakens the gate relative to the base branch",
                 "locations": [{"path": g.get("source"), "line": g.get("line")}] if g.get("source") else []}
                for g in diff.get("gate_weakening", []) if isinstance(g, Mapping)]
        return list(diff.get("blocking", [])) + gate
    threshold = SEVERITY_LABELS.index(str((report.get("config") or {}).get("fail_on") or "high"))
    return [f for f in report.get("findings", []) if not f.get("suppressed_by") and SEVERITY_LABELS.index(f["severity"]) >= threshold]


def repo_prefix(scanned: str) -> str:
    """The scanned path relative to its repository's root (annotation ``file=`` is repository-relative); the
    workspace stands in when git cannot say (no git, not a work tree)."""
    top = None
    try:
        proc = subprocess.run(["git", "-C", scanned, "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30, check=False)
        if proc.returncode == 0 and proc.stdout.strip():
            top = proc.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    base = top or os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    rel = os.path.relpath(os.path.realpath(scanned), os.path.realpath(base)).replace(os.sep, "/")
    return "" if rel == "." else rel


def _read_json(path: str | None) -> dict[str, Any] | None:
    if not path or not Path(path).is_file():
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = dict(item.split("=", 1) for item in args.report if "=" in item)
    report = None
    if args.exit_code != 2 and Path(paths.get("json", "")).is_file():
        try:
            report = load_report(paths["json"], strict_schema=False)
        except ReportFileError as exc:
            print(f"::error title=aiscan::{_data(str(exc))}")
    diff = _read_json(args.diff_json)
    values = outputs_for(report, diff, scan_code=args.exit_code, diff_code=args.diff_exit_code)
    for name in REPORT_NAMES:
        if name in paths and Path(paths[name]).is_file():
            values[f"{name}-report"] = paths[name]
    if report is not None and values["verdict"] != "error":
        rows = blocking_rows(report, diff)
        prefix = repo_prefix(args.scanned_path)
        for row in rows[:MAX_ANNOTATIONS]:
            print(annotation(row, prefix))
        if len(rows) > MAX_ANNOTATIONS:
            print(f"::notice title=aiscan::{len(rows) - MAX_ANNOTATIONS} more blocking finding(s) in the report")
    if os.environ.get("GITHUB_OUTPUT"):
        write_outputs(os.environ["GITHUB_OUTPUT"], values)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        parts = [Path(p).read_text(encoding="utf-8") for p in (args.diff_markdown, paths.get("markdown")) if p and Path(p).is_file()]
        text = "\n".join(parts) if parts else fallback_summary(report, values)
        if len(text.encode("utf-8")) > SUMMARY_LIMIT:
            text = text.encode("utf-8")[:SUMMARY_LIMIT].decode("utf-8", "ignore") + "\n\n*(truncated: see the uploaded report)*\n"
        with open(summary_path, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
