"""Terminal summary: what a person reads in ten seconds (colour on a TTY, hostile text neutralised)."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Report, Severity
from ..serialize import summary_dict
from .ansi import SEVERITY_STYLE, paint
from .common import coverage_lines, one_line, sorted_findings

TOP_FINDINGS = 10
TOP_GATE_CHANGES = 8
MESSAGE_WIDTH = 140


class TextReporter:
    name: str = "text"
    extensions: tuple[str, ...] = (".txt",)

    def render(self, report: Report, *, color: bool = False) -> str:
        s = summary_dict(report)

        def c(text: str, style: str) -> str:
            return paint(text, style, color)

        head = f"aiscan {report.tool_version} — {one_line(report.root)} (home: {report.home}, policy: {one_line(', '.join(report.policy))})"
        lines = [c(head, "bold"), ""]
        concern = f"{s['models_of_concern']} from countries of concern"
        lines.append(
            f"Models: {s['models']} ({s['foreign_models']} foreign, {s['foreign_share']:.0%}; "
            f"{c(concern, 'red') if s['models_of_concern'] else concern})   AI packages: {s['packages']}   Model files: {s['files']}"
            + (f" ({c(str(s['unsafe_files']) + ' unsafe', 'red')})" if s["unsafe_files"] else "")
        )
        lines.extend(c("Note: " + one_line(note), "yellow") for note in s.get("notes") or ())
        if s["by_base_country"]:
            parts = []
            for country, count in sorted(s["by_base_country"].items(), key=lambda kv: (-kv[1], kv[0])):
                label = f"{country} {count}"
                parts.append(c(label, "red") if country in report.countries_of_concern else label)
            lines.append("By base-model country: " + ", ".join(parts))
        sev = s["by_severity"]
        if s["findings"]:
            counts = [(k, v) for k, v in reversed(list(sev.items())) if v]
            lines.append("Findings: " + ", ".join(c(f"{k} {v}", SEVERITY_STYLE[Severity.parse(k)]) for k, v in counts))
        else:
            lines.append("Findings: none")
        if s["suppressed"]:
            lines[-1] += f" (+{s['suppressed']} suppressed)"
        active = [f for f in sorted_findings(report) if f.suppressed_by is None]
        if active:
            lines.append("")
            for f in active[:TOP_FINDINGS]:
                where = str(f.locations[0]) if f.locations else "-"
                if len(f.locations) > 1:
                    where += f" (+{len(f.locations) - 1})"
                label = c(f"{f.severity.label.upper():8}", SEVERITY_STYLE[f.severity])
                lines.append(f"  {label} {f.rule_id:16} {one_line(where)}  {one_line(f.message, MESSAGE_WIDTH)}")
            if len(active) > TOP_FINDINGS:
                lines.append(c(f"  ... and {len(active) - TOP_FINDINGS} more (see the full report: -o report.html)", "dim"))
        if report.gate_changes:
            lines.append("")
            lines.extend(gate_lines(report, c))
        covered = coverage_lines(report)
        if covered:
            lines.append("")
            lines.extend(c(one_line(line, MESSAGE_WIDTH * 2), "yellow" if line.startswith("Not fully") else "dim") for line in covered)
        if report.errors:
            lines.append("")
            lines.append(c(f"{len(report.errors)} problem(s) during the scan; first: {one_line(report.errors[0].message, MESSAGE_WIDTH)}", "yellow"))
        lines.append("")
        if s["blocking"]:
            lines.append(c("FAIL", "bold-red") + f": {s['blocking']} finding(s) at or above '{report.fail_on.label}'")
        else:
            lines.append(c("PASS", "bold-green") + f": {s['blocking']} finding(s) at or above '{report.fail_on.label}'")
        return "\n".join(lines) + "\n"


def gate_lines(report: Report, c: Callable[[str, str], str]) -> list[str]:
    """The settings that weaken the gate (docs/threat-model.md), most telling first: where, what, who controls it."""
    changes = report.gate_changes
    tree = sum(1 for g in changes if g.origin == "tree")
    head = f"Gate changes: {len(changes)} setting(s) weaken the gate ({tree} from the scanned tree)"
    out = [c(head, "yellow")]
    for g in changes[:TOP_GATE_CHANGES]:
        where = f"{g.source}:{g.line}" if g.line else g.source
        notes = [g.origin] + (["BLOCKING"] if g.blocking else []) + ([] if g.applied else ["not applied"])
        out.append(f"  {one_line(where):24} {one_line(g.setting)}: {one_line(g.value, MESSAGE_WIDTH)}  ({', '.join(notes)})")
    if len(changes) > TOP_GATE_CHANGES:
        out.append(c(f"  ... and {len(changes) - TOP_GATE_CHANGES} more (config.gate_changes in the JSON report)", "dim"))
    return out
