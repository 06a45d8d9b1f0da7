"""Fresh-model evaluation: offline accuracy of the registry on Hub references released in the last 12 months.

Labels: bench/fresh/models.yaml (hand-written from release coverage; see its header). Run monthly: add the month's
releases, drop the ones the script lists as older than 12 months, re-run and record the numbers in the issue note.

    python bench/fresh_eval.py [--today 2026-12-03] [--misses] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
LABELS = REPO / "bench" / "fresh" / "models.yaml"


def load(path: Path = LABELS) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [{"ref": str(r), "developer": dev, "base": base, "released": str(month), "note": note}
            for r, dev, base, month, note in data["models"]]


def evaluate(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from scanner.models import RefKind
    from scanner.resolve import Resolver, load_registry

    resolver = Resolver(load_registry())
    rows = []
    for item in items:
        model = resolver.resolve_one(RefKind.HF_MODEL, item["ref"])
        rows.append({**item, "got_developer": model.origin.country, "got_base": model.base.country,
                     "ok_developer": model.origin.country == item["developer"], "ok_base": model.base.country == item["base"],
                     "how": (model.extra.get("resolution") or [""])[-1]})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default=dt.date.today().isoformat())
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    items = load()
    today = dt.date.fromisoformat(args.today)
    cutoff = f"{today.year - 1:04d}-{today.month:02d}"
    stale = [i["ref"] for i in items if i["released"] < cutoff]
    rows = evaluate(items)
    n = len(rows)
    both = sum(r["ok_developer"] and r["ok_base"] for r in rows)
    print(f"fresh references: {n} (released {min(i['released'] for i in items)} .. {max(i['released'] for i in items)})")
    print(f"developer country accuracy: {sum(r['ok_developer'] for r in rows) / n:.3f}")
    print(f"base country accuracy:      {sum(r['ok_base'] for r in rows) / n:.3f}")
    print(f"both right:                 {both / n:.3f}")
    by_month = Counter(r["released"] for r in rows)
    print("per release month: " + ", ".join(f"{m} {c}" for m, c in sorted(by_month.items())))
    if stale:
        print(f"older than 12 months on {args.today} (drop them): {', '.join(stale)}")
    if args.misses:
        for r in rows:
            if not (r["ok_developer"] and r["ok_base"]):
                print(f"  MISS {r['ref']}: developer {r['got_developer']} (want {r['developer']}), base {r['got_base']} (want {r['base']}); {r['how']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
