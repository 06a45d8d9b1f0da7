"""Text for ``aiscan resolve --explain``: how each answer was reached, step by step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def explain_lines(model: Mapping[str, Any], knowledge_date: str | None = None) -> list[str]:
    """Lines (already indented) for one serialised model: steps, lineage, teacher, Hub status, alternatives."""
    extra: Mapping[str, Any] = model.get("extra") or {}
    lines = [f"  how:       {step}" for step in extra.get("resolution") or ()]
    for hop in model.get("lineage") or ():
        origin = hop.get("origin") or {}
        who = f" [{origin.get('developer') or 'unknown'} ({origin.get('country') or '??'})]"
        lines.append(f"  lineage:   {hop['child']} -[{hop['relation']}]-> {hop['parent']} ({hop['source']}){who}")
    teacher = extra.get("teacher")
    if isinstance(teacher, Mapping):
        name = teacher.get("model") or teacher.get("family")
        lines.append(f"  teacher:   {name} ({teacher.get('developer') or 'unknown'}, {teacher.get('country') or '??'}): distilled from its outputs")
    fingerprint = extra.get("fingerprint")
    if isinstance(fingerprint, Mapping):
        lines.append(f"  files:     {fingerprint.get('label')} ({fingerprint.get('confidence')}, score {fingerprint.get('score')}; "
                     f"runner-up {fingerprint.get('runner_up') or 'none'}) [signature source: {fingerprint.get('source')}]")
        lines.extend(f"  evidence:  {line}" for line in list(fingerprint.get("evidence") or ())[:12])
    conflict = extra.get("lineage_conflict")
    if isinstance(conflict, Mapping):
        lines.append(f"  conflict:  {conflict.get('claimed')} says {conflict.get('claimed_developer')}; the files are "
                     f"{conflict.get('fingerprint')} ({conflict.get('fingerprint_developer')}): the files win")
    hub = extra.get("hub")
    if isinstance(hub, Mapping):
        lines.append(f"  hub:       {hub.get('status')}")
    for alt in extra.get("alternatives") or ():
        lines.append(f"  consider:  {alt['model']} ({alt['developer']}, {alt['country']}; {alt['task']}, "
                     f"{alt['params_b']}B, {alt['license']})")
    if model.get("unresolved_reason"):
        lines.append(f"  note:      {model['unresolved_reason']}")
    if knowledge_date:
        lines.append(f"  knowledge: bundled registry as of {knowledge_date}")
    return lines
