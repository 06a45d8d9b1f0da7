"""Render a ReportDiff as text (terminal), Markdown (pull-request comment, step summary) or JSON (machines)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..textsafe import reveal
from .diff import Change, ReportDiff, Row, Section, finding_key


def describe(section: str, row: Row) -> str:
    """One-line label of an item."""
    if section == "models":
        origin = row.get("origin") or {}
        base = row.get("base") or {}
        where = origin.get("country") or "??"
        if base.get("country") and base.get("country") != origin.get("country"):
            where += f", base {base.get('country')}"
        return f"{row.get('id')} ({row.get('kind')}; {origin.get('developer') or 'unknown developer'}, {where})"
    if section == "packages":
        return f"{row.get('name')}{row.get('specifier') or ''}"
    if section == "files":
        return f"{row.get('path')} ({row.get('format')}, {row.get('verdict')})"
    return f"{str(row.get('severity', '')).upper()} {row.get('rule_id')} {row.get('subject')}: {row.get('message', '')}"


def where(row: Row) -> str:
    locs = row.get("locations") or []
    if not locs:
        return ""
    first = locs[0]
    text = str(first.get("path"))
    if first.get("line") is not None:
        text += f":{first['line']}"
    return text + (f" (+{len(locs) - 1})" if len(locs) > 1 else "")


def change_text(change: Change) -> str:
    return "; ".join(f"{name}: {_v(old)} -> {_v(new)}" for name, old, new in change.fields)


def _v(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value) or "none"
    return str(value)


def render_text(d: ReportDiff) -> str:
    lines = [f"aiscan diff: {d.base_root or 'base'} -> {d.head_root or 'head'}"]
    for s in d.sections:
        if s.empty:
            continue
        lines.append(f"\n{s.name.capitalize()}: +{len(s.added)} -{len(s.removed)} ~{len(s.changed)}")
        lines += [f"  + {describe(s.name, r)}" + (f"  [{where(r)}]" if where(r) else "") for r in s.added]
        lines += [f"  - {describe(s.name, r)}" for r in s.removed]
        lines += [f"  ~ {c.key}: {change_text(c)}" for c in s.changed]
    if d.gate:
        lines.append(f"\nGate weakened by head (blocking): {len(d.gate)}")
        lines += [f"  ! {gate_text(g)}" for g in d.gate]
    if all(s.empty for s in d.sections) and not d.gate:
        lines.append("\nNo differences.")
    lines.append("")
    lines.append(_verdict(d))
    return reveal("\n".join(lines)) + "\n"


def gate_text(g: Row) -> str:
    where = str(g.get("source") or "") + (f":{g['line']}" if g.get("line") else "")
    return f"{g.get('setting')}: {g.get('value')}" + (f"  [{where}]" if where else "")


def _verdict(d: ReportDiff) -> str:
    parts = []
    if d.blocking:
        parts.append(f"{len(d.blocking)} new finding(s) at or above '{d.threshold}'")
    if d.gate:
        parts.append(f"{len(d.gate)} gate weakening(s) in head")
    if parts:
        return "FAIL: " + "; ".join(parts)
    return f"PASS: no new findings at or above '{d.threshold}'"


def md(text: Any) -> str:
    """Markdown-safe table cell: escapes what would change the rendering (pipes, HTML, emphasis, links)."""
    out = reveal(str(text if text is not None else "")).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in ("\\", "`", "*", "_", "[", "]", "|", "#", "!"):
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def render_markdown(d: ReportDiff) -> str:
    icon = ":x:" if d.failed else ":white_check_mark:"
    lines = ["### aiscan: changes in AI dependencies", "", f"{icon} **{md(_verdict(d))}**", ""]
    lines += ["| | new | removed | changed |", "|---|---:|---:|---:|"]
    lines += [f"| {s.name} | {len(s.added)} | {len(s.removed)} | {len(s.changed)} |" for s in d.sections]
    if d.blocking:
        lines += ["", "#### New findings that block", "", "| severity | rule | subject | where | message |", "|---|---|---|---|---|"]
        lines += [
            f"| {md(f.get('severity'))} | {md(f.get('rule_id'))} | {md(f.get('subject'))} | {md(where(f))} | {md(f.get('message'))} |"
            for f in d.blocking
        ]
    if d.gate:
        lines += ["", "#### Gate weakened by head (blocking)", "", "| setting | value | where |", "|---|---|---|"]
        for g in d.gate:
            at = str(g.get("source") or "") + (f":{g['line']}" if g.get("line") else "")
            lines.append(f"| {md(g.get('setting'))} | {md(g.get('value'))} | {md(at)} |")
    for s in d.sections:
        if s.empty:
            continue
        lines += ["", f"<details><summary>{s.name.capitalize()}: +{len(s.added)} -{len(s.removed)} ~{len(s.changed)}</summary>", ""]
        lines += [f"- :heavy_plus_sign: {md(describe(s.name, r))}" for r in s.added]
        lines += [f"- :heavy_minus_sign: {md(describe(s.name, r))}" for r in s.removed]
        lines += [f"- :pencil2: {md(c.key)}: {md(change_text(c))}" for c in s.changed]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _section_json(s: Section) -> dict[str, Any]:
    data: dict[str, Any] = {
        "counts": {"added": len(s.added), "removed": len(s.removed), "changed": len(s.changed)},
        "added": [dict(r) for r in s.added],
        "removed": [dict(r) for r in s.removed],
        "changed": [
            {"key": c.key, "fields": {name: {"base": _j(old), "head": _j(new)} for name, old, new in c.fields}, "head": dict(c.head)}
            for c in s.changed
        ],
    }
    if s.name == "findings":
        data["fingerprints"] = {"added": [finding_key(r) for r in s.added], "removed": [finding_key(r) for r in s.removed]}
    return data


def _j(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def render_json(d: ReportDiff) -> str:
    data: Mapping[str, Any] = {
        "diff_version": "1.0",
        "base": d.base_root,
        "head": d.head_root,
        "threshold": d.threshold,
        "verdict": "fail" if d.failed else "pass",
        "blocking": [dict(f) for f in d.blocking],
        "gate_weakening": [dict(g) for g in d.gate],
        **{s.name: _section_json(s) for s in d.sections},
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


DIFF_RENDERERS: dict[str, Callable[[ReportDiff], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
