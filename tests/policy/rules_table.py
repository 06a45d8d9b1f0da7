"""The README table of built-in rules, generated from the packs: `python -m tests.policy.rules_table [--write]`."""

from __future__ import annotations

import sys
from pathlib import Path

from scanner.policy import builtin_packs, load_policy
from scanner.report.common import rule_anchor

from .helpers import variables

PACK_ORDER = ("default", "strict", "security")
README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- rules-table", "<!-- /rules-table -->"


def rows() -> list[str]:
    packs = {name: {r.id: r for r in load_policy((name,), variables()).rules} for name in builtin_packs()}
    names = [n for n in PACK_ORDER if n in packs] + sorted(set(packs) - set(PACK_ORDER))
    all_ids = sorted({rid for rules in packs.values() for rid in rules})
    out = ["| Rule | " + " | ".join(names) + " | Subject | Title |", "|---|" + "---|" * len(names) + "---|---|"]
    for rid in all_ids:
        rule = next(packs[n][rid] for n in names if rid in packs[n])
        cells = []
        for name in names:
            r = packs[name].get(rid)
            cells.append("—" if r is None else (r.severity.label if r.enabled else "off"))
        subject = "suppressions" if rule.subject == "policy" else rule.subject
        # The anchor is what SARIF's helpUri points at (scanner.report.common.rule_help_uri).
        out.append(f'| <a id="{rule_anchor(rid)}"></a>`{rid}` | ' + " | ".join(cells) + f" | {subject} | [{rule.title}]({rule.reference}) |")
    return out


def write_readme(path: Path = README) -> None:
    """Replace the table between the rules-table markers of README.md."""
    text = path.read_text(encoding="utf-8")
    start = text.index(START)
    start = text.index("\n", start) + 1
    end = text.index(END, start)
    path.write_text(text[:start] + "\n".join(rows()) + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_readme()
    else:
        print("\n".join(rows()))
