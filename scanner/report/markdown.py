"""Markdown for pull-request comments and GITHUB_STEP_SUMMARY: verdict, counts, blocking findings, details folded."""

from __future__ import annotations

import re

from ..models import Finding, Report, Severity
from ..serialize import summary_dict
from .common import SEVERITIES_DESC, alternatives, coverage_lines, is_blocking, is_hosted_without_license, license_text, one_line, origin_text, sorted_findings
from .rollup import SHOWN_SUBJECTS, blocking_decisions

MAX_ROWS = 50  # GitHub caps a comment at 65,536 characters; long tables get "... and N more".
CELL_LIMIT = 200
MAX_CHARS = 60_000
_SPECIAL = re.compile(r"([\\`*_\[\]#|~@])")  # parentheses, '!' and '+' are inert once '[' and ']' are escaped
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)://|\b(www)\.")
ICON = {"fail": "❌", "pass": "✅"}


def md(text: str | None, limit: int = CELL_LIMIT) -> str:
    """Untrusted text as one inert Markdown line: no HTML, links, mentions, emphasis or table breaks.

    ``&``, ``<`` and ``>`` become entities (no tag, no entity of theirs is decoded); other CommonMark punctuation
    is backslash-escaped, and autolinks are broken up.
    """
    if not text:
        return ""
    flat = one_line(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return _AUTOLINK.sub(lambda m: f"{m.group(1)}\\://" if m.group(1) else f"{m.group(2)}\\.", escaped)


def _where(f: Finding, limit: int = 3) -> str:
    if not f.locations:
        return "—"
    shown = "<br>".join(md(str(loc)) for loc in f.locations[:limit])
    more = len(f.locations) - limit
    return shown + (f" (+{more} more)" if more > 0 else "")


def _decisions(report: Report) -> list[str]:
    """Blocking findings rolled up: one row per decision (a provider, a base family, or one subject)."""
    decisions = blocking_decisions(report)
    out = ["| Severity | Rule | Decision | Where | Details |", "|---|---|---|---|---|"]
    for d in decisions[:MAX_ROWS]:
        sev = f"**{d.severity.label}**" if d.severity >= Severity.HIGH else d.severity.label
        if len(d.subjects) > 1:
            names = ", ".join(md(s, 80) for s in d.subjects[:SHOWN_SUBJECTS]) + (f" and {d.more_subjects} more" if d.more_subjects else "")
            details = f"{md(d.title)}: {names}"
        else:
            details = md(d.findings[0].message)
        where = "<br>".join(md(str(loc)) for loc in d.locations[:3]) or "—"
        if len(d.locations) > 3:
            where += f" (+{len(d.locations) - 3} more)"
        out.append(f"| {sev} | {md(d.rule_id)} | **{md(d.label, 120)}** | {where} | {details} |")
    if len(decisions) > MAX_ROWS:
        out.append(f"\n… and {len(decisions) - MAX_ROWS} more; see the HTML or JSON report.")
    return out


def _table(rows: list[Finding], report: Report, *, status: bool = False) -> list[str]:
    head = "| Severity | Rule | Subject | Where | Message |"
    sep = "|---|---|---|---|---|"
    if status:
        head, sep = head + " Status |", sep + "---|"
    out = [head, sep]
    for f in rows[:MAX_ROWS]:
        cells = [f"**{f.severity.label}**" if f.severity >= Severity.HIGH else f.severity.label, md(f.rule_id), md(f.subject, 80), _where(f), md(f.message)]
        if status:
            cells.append(("suppressed: " + md(f.suppressed_by, 80)) if f.suppressed_by else ("blocking" if is_blocking(report, f) else "open"))
        out.append("| " + " | ".join(cells) + " |")
    if len(rows) > MAX_ROWS:
        out.append(f"\n… and {len(rows) - MAX_ROWS} more; see the HTML or JSON report.")
    return out


class MarkdownReporter:
    name: str = "markdown"
    extensions: tuple[str, ...] = (".md", ".markdown")

    def render(self, report: Report) -> str:
        s = summary_dict(report)
        verdict = s["verdict"]
        lines = [
            f"## {ICON[verdict]} aiscan: {verdict.upper()} — {s['blocking']} blocking finding(s) (fail-on: {report.fail_on.label})",
            "",
            f"**{md(report.root, 80)}** · home {md(report.home)} · policy {md(', '.join(report.policy), 120)} · "
            f"{md(report.generated_at)}" + (f" · knowledge base {md(report.knowledge_date)}" if report.knowledge_date else ""),
            "",
            "| Models | Foreign | Of concern | AI packages | Model files | " + " | ".join(sv.label.capitalize() for sv in SEVERITIES_DESC) + " | Suppressed |",
            "|" + "---:|" * (6 + len(SEVERITIES_DESC)),
            f"| {s['models']} | {s['foreign_models']} ({s['foreign_share']:.0%}) | {s['models_of_concern']} | {s['packages']} | "
            f"{s['files']} ({s['unsafe_files']} unsafe) | " + " | ".join(str(s["by_severity"][sv.label]) for sv in SEVERITIES_DESC) + f" | {s['suppressed']} |",
            "",
        ]
        lines += self._gate_changes(report)
        ordered = sorted_findings(report)
        blocking = [f for f in ordered if is_blocking(report, f)]
        if blocking:
            n = len(blocking_decisions(report))
            lines += [f"### Blocking: {n} decision(s) for {len(blocking)} finding(s)", "", *_decisions(report), ""]
            lines += self._remediations(blocking, report)
        else:
            lines += [f"No unsuppressed finding at or above **{report.fail_on.label}**.", ""]
        details: list[list[str]] = []
        if ordered:
            details.append([f"<details><summary>All findings ({len(ordered)})</summary>", "", *_table(ordered, report, status=True), "", "</details>", ""])
        details.append(self._models(report))
        covered = coverage_lines(report)
        if covered:
            details.append(["<details><summary>Coverage</summary>", "", *(f"- {md(line, 2000)}" for line in covered), "", "</details>", ""])
        if report.errors:
            errors = [f"<details><summary>Scan problems ({len(report.errors)})</summary>", ""]
            errors += [f"- {md(e.stage)}: {md(e.path or e.subject or '')} {md(e.message)}" for e in report.errors[:MAX_ROWS]]
            details.append(errors + ["", "</details>", ""])
        text = "\n".join(lines + [line for part in details for line in part]).rstrip() + "\n"
        if len(text) > MAX_CHARS:  # keep the verdict and the blocking table; fold away the rest
            text = "\n".join(lines + ["Details left out to fit a comment: see the HTML or JSON report.", ""]).rstrip() + "\n"
        return text

    @staticmethod
    def _gate_changes(report: Report) -> list[str]:
        """Settings that weaken the gate, shown above the findings (they decide which findings exist)."""
        changes = report.gate_changes
        if not changes:
            return []
        tree = sum(1 for g in changes if g.origin == "tree")
        out = [f"### ⚠️ Gate changes: {len(changes)} setting(s) weaken the gate ({tree} from the scanned tree)", "",
               "| Setting | Value | Where | Origin | Status |", "|---|---|---|---|---|"]
        for g in changes[:MAX_ROWS]:
            where = f"{g.source}:{g.line}" if g.line else g.source
            status = "**blocking** (vs trusted config)" if g.blocking else ("applied" if g.applied else "not applied")
            out.append(f"| {md(g.setting)} | {md(g.value, 120)} | {md(where, 80)} | {md(g.origin)} | {status} |")
        if len(changes) > MAX_ROWS:
            out.append(f"\n… and {len(changes) - MAX_ROWS} more; see config.gate_changes in the JSON report.")
        return out + [""]

    @staticmethod
    def _remediations(blocking: list[Finding], report: Report) -> list[str]:
        seen: dict[str, str] = {}
        for f in blocking:
            if f.remediation and f.rule_id not in seen:
                seen[f.rule_id] = f.remediation
        models = {m.id: m for m in report.models}
        alts: dict[str, list[dict[str, str]]] = {}
        for f in blocking:
            model = models.get(f.subject) if f.subject_kind == "model" else None
            if model is not None and alternatives(model):
                alts.setdefault(f.subject, alternatives(model)[:3])
        if not seen and not alts:
            return []
        out = ["<details><summary>What to do</summary>", ""]
        out += [f"- **{md(rule)}**: {md(text, 400)}" for rule, text in sorted(seen.items())]
        for subject, items in sorted(alts.items()):
            names = ", ".join(md(a["id"], 80) + (f" \\({md(a['country'])}\\)" if a.get("country") else "") for a in items)
            out.append(f"- alternatives to {md(subject, 80)}: {names}")
        return out + ["", "</details>", ""]

    @staticmethod
    def _models(report: Report) -> list[str]:
        models = [m for m in report.models if m.kind.value != "model-slot"]
        if not models:
            return []
        out = [
            f"<details><summary>Models ({len(models)})</summary>",
            "",
            "| Model | Kind | Developer | Base | License | References |",
            "|---|---|---|---|---|---|",
        ]
        concern = set(report.countries_of_concern)
        for m in models[:MAX_ROWS]:
            flag = " ⚠️" if {m.origin.country, m.base.country} & concern else ""
            refs = ", ".join(md(str(loc)) for loc in m.locations[:3]) + (f" (+{len(m.locations) - 3})" if len(m.locations) > 3 else "")
            category = "" if is_hosted_without_license(m) else f" ({m.license.category})"
            out.append(
                f"| {md(m.id, 80)}{flag} | {m.kind.value} | {md(origin_text(m.origin.developer, m.origin.country), 80)} | "
                f"{md(origin_text(m.base.developer, m.base.country), 80)} | {md(license_text(m), 60)}{category} | {refs} |"
            )
        if len(models) > MAX_ROWS:
            out.append(f"\n… and {len(models) - MAX_ROWS} more.")
        return out + ["", "</details>", ""]
