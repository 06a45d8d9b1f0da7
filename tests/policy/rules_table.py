"""The README table of built-in rules, generated from the packs: `python -m tests.policy.rules_table`."""

from __future__ import annotations

from scanner.policy import builtin_packs, load_policy

from .helpers import variables

PACK_ORDER = ("default", "strict", "security")


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
        out.append(f"| `{rid}` | " + " | ".join(cells) + f" | {subject} | [{rule.title}]({rule.reference}) |")
    return out


if __name__ == "__main__":
    print("\n".join(rows()))
