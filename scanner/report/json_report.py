"""JSON report: the versioned contract documented in schemas/report.schema.json."""

from __future__ import annotations

from ..models import Report
from ..serialize import report_dict
from .jsonfast import dumps_indent2


class JsonReporter:
    name: str = "json"
    extensions: tuple[str, ...] = (".json",)

    def render(self, report: Report) -> str:
        return dumps_indent2(report_dict(report)) + "\n"  # = json.dumps(..., indent=2, ensure_ascii=False), faster
