"""Read a saved aiscan JSON report for diff and merge: parse, check its shape, fail with one line if it is not one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import AiscanError

SUPPORTED_MAJOR = "1"
_LISTS = ("references", "models", "packages", "files", "findings", "errors")
_REQUIRED = {
    "models": ("id", "kind"),
    "packages": ("name",),
    "files": ("path",),
    "findings": ("rule_id", "severity", "subject"),
}
SEVERITY_LABELS = ("info", "low", "medium", "high", "critical")


class ReportFileError(AiscanError):
    """A report given to diff/merge is unreadable or not an aiscan JSON report (exit code 2)."""


def load_report(path: Path | str, *, strict_schema: bool | None = None) -> dict[str, Any]:
    """The parsed report; raises ReportFileError naming the file and the first problem.

    The runtime check is structural (keys and types diff/merge rely on). When ``jsonschema`` is importable (a test
    dependency, not a runtime one) and ``strict_schema`` is not False, the report is also validated against
    scanner/schemas/report.schema.json.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportFileError(f"{name}: cannot read report: {exc.__class__.__name__}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFileError(f"{name}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    problem = structural_problem(data)
    if problem is None and strict_schema is not False:
        problem = schema_problem(data, required=bool(strict_schema))
    if problem is not None:
        raise ReportFileError(f"{name}: not an aiscan JSON report: {problem}")
    return data  # type: ignore[no-any-return]


def structural_problem(data: Any) -> str | None:
    """First structural problem of a report, or None: the light check that needs no third-party library."""
    if not isinstance(data, dict):
        return "top level is not an object"
    version = data.get("schema_version")
    if not isinstance(version, str):
        return "missing schema_version"
    if version.split(".")[0] != SUPPORTED_MAJOR:
        return f"unsupported schema_version {version!r} (this aiscan reads {SUPPORTED_MAJOR}.x)"
    if not isinstance(data.get("root"), str):
        return "missing root"
    for key in _LISTS:
        if not isinstance(data.get(key, []), list):
            return f"{key} is not an array"
    for key, fields in _REQUIRED.items():
        for index, item in enumerate(data.get(key, [])):
            if not isinstance(item, dict):
                return f"{key}[{index}] is not an object"
            for f in fields:
                if not isinstance(item.get(f), str):
                    return f"{key}[{index}].{f} missing or not a string"
            if key == "findings" and item["severity"] not in SEVERITY_LABELS:
                return f"findings[{index}].severity {item['severity']!r} is not a severity"
    return None


def schema_problem(data: Any, *, required: bool = False) -> str | None:
    """Validate against the bundled JSON Schema when jsonschema is installed (or fail if ``required``)."""
    try:
        import jsonschema  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        if required:
            raise ReportFileError("schema validation requested but jsonschema is not installed") from None
        return None
    schema_path = Path(__file__).resolve().parent.parent / "schemas" / "report.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"{where}: {error.message}"
