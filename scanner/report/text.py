"""Terminal summary: what a person reads in ten seconds."""

from __future__ import annotations

from ..models import Report
from ..serialize import summary_dict

TOP_FINDINGS = 10


class TextReporter:
    name: str = "text"
    extensions: tuple[str, ...] = (".txt",)

    def render(self, report: Report) -> str:
        s = summary_dict(report)
        lines = [f"aiscan {report.tool_version} — {report.root} (home: {report.home}, policy: {', '.join(report.policy)})", ""]
        lines.append(
            f"Models: {s['models']} ({s['foreign_models']} foreign, {s['foreign_share']:.0%}; "
            f"{s['models_of_concern']} from countries of concern)   AI packages: {s['packages']}   Model files: {s['files']}"
        )
        if s["by_base_country"]:
            parts = [f"{country} {count}" for country, count in sorted(s["by_base_country"].items(), key=lambda kv: (-kv[1], kv[0]))]
            lines.append("By base-model country: " + ", ".join(parts))
        sev = s["by_severity"]
        lines.append("Findings: " + ", ".join(f"{k} {v}" for k, v in reversed(list(sev.items())) if v) if s["findings"] else "Findings: none")
        if s["suppressed"]:
            lines[-1] += f" (+{s['suppressed']} suppressed)"
        active = [f for f in report.findings if f.suppressed_by is None]
        if active:
            lines.append("")
            for f in active[:TOP_FINDINGS]:
                where = str(f.locations[0]) if f.locations else "-"
                lines.append(f"  {f.severity.label.upper():8} {f.rule_id:16} {where}  {f.message}")
            if len(active) > TOP_FINDINGS:
                lines.append(f"  ... and {len(active) - TOP_FINDINGS} more (see the full report)")
        if report.errors:
            lines.append("")
            lines.append(f"{len(report.errors)} problem(s) during the scan; first: {report.errors[0].message}")
        lines.append("")
        verdict = "FAIL" if s["blocking"] else "PASS"
        lines.append(f"{verdict}: {s['blocking']} finding(s) at or above '{report.fail_on.label}'")
        return "\n".join(lines) + "\n"
