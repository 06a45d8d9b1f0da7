"""`aiscan merge` glue: load every report (all problems are reported, none is skipped silently), build, write."""

from __future__ import annotations

from pathlib import Path

from ..compare.reportfile import ReportFileError, load_report
from ..errors import UsageError
from .org import build_org_view
from .render import ORG_RENDERERS, org_format_for_path


def execute_merge(reports: tuple[Path, ...], *, outputs: tuple[Path, ...]) -> list[str]:
    """Write the org view to each output (format from the extension); returns the paths written."""
    formats = []
    for out in outputs:
        fmt = org_format_for_path(str(out))
        if fmt is None:
            raise UsageError(f"{out}: unknown output format (use .html or .json)")
        formats.append(fmt)
    loaded = []
    problems = []
    for path in reports:
        try:
            loaded.append((path.name, load_report(path)))
        except ReportFileError as exc:
            problems.append(str(exc))
    if problems:
        raise ReportFileError("; ".join(problems))
    view = build_org_view(loaded)
    written = []
    for out, fmt in zip(outputs, formats, strict=True):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(ORG_RENDERERS[fmt](view), encoding="utf-8")
        written.append(str(out))
    return written
