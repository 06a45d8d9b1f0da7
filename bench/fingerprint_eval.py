"""Accuracy of local attribution on the labelled fingerprint set (tests/bench/fingerprint_cases.yaml).

Writes the set (neutral-named folders, GGUF files, bare safetensors headers; no weights) into a temporary project,
scans it offline with the code of this checkout (or of another commit with --baseline REV) and prints accuracy of
the base-model country, the base family and the developer country, overall and per form.

    python bench/fingerprint_eval.py [--baseline 581875d] [--misses] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.bench.fingerprint_set import build  # noqa: E402

SCAN = ("import json, sys, pathlib\n"
        "from scanner.config import ScanConfig\nfrom scanner.pipeline import run_scan\nfrom scanner.serialize import model_dict\n"
        "cfg = ScanConfig(root=pathlib.Path(sys.argv[1]), offline=True)\n"
        "print(json.dumps({'models': [model_dict(m) for m in run_scan(cfg).models]}))\n")


def _code_dir(rev: str | None, work: Path) -> Path:
    if rev is None:
        return REPO
    archive = work / "code.tar"
    subprocess.run(["git", "-C", str(REPO), "archive", "-o", str(archive), rev, "scanner", "rules"], check=True)
    out = work / "code"
    out.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (out / "rules").rename(out / "scanner" / "rules")  # scanner.rules resolves inside that tree, not this checkout
    return out


def scan(project: Path, code: Path) -> dict[str, Any]:
    env = {"PYTHONPATH": str(code), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin",
           "XDG_CACHE_HOME": str(project.parent / "cache"), "HOME": str(project.parent)}
    done = subprocess.run([sys.executable, "-c", SCAN, str(project)], capture_output=True, text=True, env=env, cwd=str(code), check=False)
    if done.returncode != 0:
        raise SystemExit(f"scan failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def score(labels: list[dict[str, Any]], report: dict[str, Any]) -> list[dict[str, Any]]:
    by_path: dict[str, dict[str, Any]] = {}
    for model in report["models"]:
        by_path.setdefault(model["id"], model)
        for f in model.get("files") or ():
            by_path.setdefault(f, model)
    rows = []
    for label in labels:
        m = by_path.get(label["path"]) or {}
        base, origin = m.get("base") or {}, m.get("origin") or {}
        rows.append({**label, "got_base": base.get("country"), "got_family": m.get("family"), "got_developer": origin.get("country"),
                     "source": base.get("source"), "confidence": base.get("confidence"),
                     "ok_base": base.get("country") == label["base"], "ok_family": m.get("family") == label["family"],
                     "ok_developer": label["developer"] is None or origin.get("country") == label["developer"]})
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        groups[row["form"]].append(row)
    return {name: {"n": len(items), **{k: round(sum(r[f"ok_{k}"] for r in items) / len(items), 3) for k in ("base", "family", "developer")}}
            for name, items in groups.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="also score the code of this git revision (before/after)")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = work / "project"
        project.mkdir()
        labels = build(project)
        for name, rev in (("before", args.baseline), ("after", None)) if args.baseline else (("after", None),):
            rows = score(labels, scan(project, _code_dir(rev, work)))
            results[name] = {"summary": summary(rows), "rows": rows}
    print(f"{'run':8} {'form':12} {'n':>4} {'base country':>13} {'base family':>12} {'developer':>10}")
    for name, res in results.items():
        for form, s in res["summary"].items():
            print(f"{name:8} {form:12} {s['n']:4d} {s['base']:13.1%} {s['family']:12.1%} {s['developer']:10.1%}")
    if args.misses:
        for row in results["after"]["rows"]:
            if not (row["ok_base"] and row["ok_family"] and row["ok_developer"]):
                print(f"MISS {row['case']:34} {row['form']:11} {row['path']:30} want {row['family']}/{row['base']} "
                      f"got {row['got_family']}/{row['got_base']} dev {row['got_developer']} ({row['source']}, {row['confidence']})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
