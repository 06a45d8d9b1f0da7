"""JSON report: the versioned contract documented in schemas/report.schema.json."""

from __future__ import annotations

import json

from ..models import Report
from ..serialize import report_dict


class JsonReporter:
    name: str = "json"
    extensions: tuple[str, ...] = (".json",)

    def render(self, report: Report) -> str:
        return json.dumps(report_dict(report), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
