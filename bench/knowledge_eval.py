"""Offline accuracy of the knowledge base on the labelled references in tests/eval_knowledge/references.yaml.

Usage: python bench/knowledge_eval.py [--misses] [--json]
Prints accuracy of the developer country and of the base-model country (overall and per kind).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "eval_knowledge" / "references.yaml"
KINDS = {"hf": "hf-model", "ollama": "ollama", "api": "api-model", "file": "model-file"}


def load_labels(path: Path = LABELS, section: str = "labelled") -> list[dict[str, Any]]:
    """``labelled`` (written alongside the registry) or ``heldout`` (written after it, not entered in it)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for ref, kind, dev, base in data[section]:
        kind_name, _, provider = str(kind).partition("@")
        out.append({"ref": str(ref), "kind": kind_name, "provider": provider or None, "developer": dev, "base": base})
    return out


def evaluate(labels: list[dict[str, Any]]) -> dict[str, Any]:
    from scanner.models import RefKind
    from scanner.resolve import Resolver, load_registry
    from scanner.resolve.query import parse_query

    registry = load_registry()
    resolver = Resolver(registry)
    rows = []
    started = time.perf_counter()
    for item in labels:
        _, identifier, _ = parse_query(item["ref"], item["kind"] if item["kind"] != "hf" else "hf", registry)
        model = resolver.resolve_one(RefKind(KINDS[item["kind"]]), identifier, provider=item["provider"])
        rows.append({**item, "got_developer": model.origin.country, "got_base": model.base.country,
                     "ok_developer": model.origin.country == item["developer"], "ok_base": model.base.country == item["base"]})
    elapsed = time.perf_counter() - started
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)

    def acc(items: list[dict[str, Any]], key: str) -> float:
        return sum(r[key] for r in items) / len(items) if items else 0.0

    return {
        "n": len(rows),
        "developer_country_accuracy": acc(rows, "ok_developer"),
        "base_country_accuracy": acc(rows, "ok_base"),
        "per_kind": {k: {"n": len(v), "developer": acc(v, "ok_developer"), "base": acc(v, "ok_base")} for k, v in sorted(by_kind.items())},
        "knowledge_date": registry.knowledge_date,
        "seconds": elapsed,
        "misses": [r for r in rows if not (r["ok_developer"] and r["ok_base"])],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the references answered wrongly")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    for section in ("labelled", "heldout"):
        report(section, evaluate(load_labels(section=section)), args)
    return 0


def report(section: str, result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps({section: result}, indent=2))
        return
    print(f"{section} references: {result['n']} (knowledge date {result['knowledge_date']})")
    print(f"developer country accuracy: {result['developer_country_accuracy']:.3f}")
    print(f"base country accuracy:      {result['base_country_accuracy']:.3f}")
    for kind, stats in result["per_kind"].items():
        print(f"  {kind:7s} n={stats['n']:3d}  developer {stats['developer']:.3f}  base {stats['base']:.3f}")
    print(f"time: {result['seconds'] * 1000:.0f} ms ({result['seconds'] / max(result['n'], 1) * 1000:.2f} ms/reference)")
    if args.misses:
        for r in result["misses"]:
            print(f"  MISS {r['ref']} [{r['kind']}] developer {r['got_developer']} (want {r['developer']}), base {r['got_base']} (want {r['base']})")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
