"""Terminal summary: what a person reads in ten seconds (colour on a TTY, hostile text neutralised)."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Report, Severity
from ..serialize import summary_dict
from .ansi import SEVERITY_STYLE, paint
from .common import coverage_lines, one_line, sorted_findings

TOP_FINDINGS = 10
TOP_GATE_CHANGES = 8
VALUE_LIMIT = 500  # a bound on hostile config values, not a display width (long lines wrap or stay whole)
MIN_BODY = 30  # narrower than this after the label columns, continuation lines start at a small indent instead


def wrap(prefix_width: int, body: str, width: int | None) -> list[str]:
    """``body`` as lines of at most ``width`` columns after a ``prefix_width`` column prefix (hanging indent);
    one unbroken line when ``width`` is None (piped output: tools and logs get whole messages)."""
    if width is None:
        return [body]
    import textwrap  # only for a terminal: piped output (CI, logs) is never wrapped

    indent = prefix_width if width - prefix_width >= MIN_BODY else 4
    first = textwrap.wrap(body, width=max(width - prefix_width, 10), break_long_words=False, break_on_hyphens=False) or [""]
    rest = textwrap.wrap(" ".join(first[1:]), width=max(width - indent, 10), break_long_words=False, break_on_hyphens=False) if len(first) > 1 else []
    return [first[0]] + [" " * indent + line for line in rest]


class TextReporter:
    name: str = "text"
    extensions: tuple[str, ...] = (".txt",)

    def render(self, report: Report, *, color: bool = False, width: int | None = None) -> str:
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
                prefix = f"  {label} {f.rule_id:16} "
                plain = 2 + max(8, len(f.severity.label)) + 1 + max(16, len(f.rule_id)) + 1
                message = one_line(f.message)
                body = message if message.startswith(one_line(str(f.locations[0] if f.locations else "-")) + " ") else f"{one_line(where)}  {message}"
                lines.extend((prefix if i == 0 else "") + part for i, part in enumerate(wrap(plain, body, width)))
            if len(active) > TOP_FINDINGS:
                lines.append(c(f"  ... and {len(active) - TOP_FINDINGS} more (see the full report: -o report.html)", "dim"))
        if report.gate_changes:
            lines.append("")
            lines.extend(gate_lines(report, c))
        covered = coverage_lines(report)
        if covered:
            lines.append("")
            lines.extend(c(one_line(line, VALUE_LIMIT), "yellow" if line.startswith("Not fully") else "dim") for line in covered)
        if report.errors:
            lines.append("")
            problem = f"{len(report.errors)} problem(s) during the scan; first: {one_line(report.errors[0].message)}"
            lines.extend(c(part, "yellow") for part in wrap(0, problem, width))
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
        out.append(f"  {one_line(where):24} {one_line(g.setting)}: {one_line(g.value, VALUE_LIMIT)}  ({', '.join(notes)})")
    if len(changes) > TOP_GATE_CHANGES:
        out.append(c(f"  ... and {len(changes) - TOP_GATE_CHANGES} more (config.gate_changes in the JSON report)", "dim"))
    return out
