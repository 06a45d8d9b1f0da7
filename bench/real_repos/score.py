"""Score aiscan JSON reports of real repositories against the hand labels in bench/real_repos/*.yaml.

Usage: python bench/real_repos/score.py REPORT_DIR [--repos DIR] [--times REPORT_DIR/TIMES] [--markdown]

REPORT_DIR holds ``<name>.json`` per labelled repository (``aiscan scan <checkout> --offline -o <name>.json``), where
<name> is the label file's stem. Only model identifiers are scored (kinds hf-model, modelscope-model, ollama,
api-model); slots, files, datasets, packages and mentions are not model ids.

Precision is sampled: on a ``whole_file: true`` label every model reference of the file is judged (anything not
labelled is a false positive, except on ``ignore`` lines); on a partial label only the references on labelled lines
are judged. Recall: labelled models found on their line (+-1; ``null`` = anywhere in the file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

MODEL_KINDS = frozenset({"hf-model", "modelscope-model", "ollama", "api-model"})
HERE = Path(__file__).resolve().parent


def norm(identifier: str) -> str:
    text = identifier.strip().lower()
    return text[: -len(":latest")] if text.endswith(":latest") else text


def same_id(reported: str, labelled: str) -> bool:
    """Equal, or equal once a provider/legacy prefix is dropped (``openrouter/deepseek/x`` vs ``deepseek/x``)."""
    r, want = norm(reported), norm(labelled)
    return r == want or r.endswith("/" + want) or want.endswith("/" + r) and "/" not in r


def near(line: int | None, want: int | None) -> bool:
    return want is None or line is not None and abs(line - want) <= 1


def score(labels: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    refs = [r for r in report.get("references", []) if r.get("kind") in MODEL_KINDS]
    tp = fp = found = total = 0
    wrong: list[str] = []
    missed: list[str] = []
    for entry in labels.get("files", []):
        path = entry["path"]
        models = [(m[0], str(m[1])) for m in entry.get("models") or []]
        not_models = [(m[0], str(m[1])) for m in entry.get("not_models") or []]
        ignore = set(entry.get("ignore") or [])
        mine = [r for r in refs if r.get("path") == path]
        total += len(models)
        for line, ident in models:
            if any(near(r.get("line"), line) and same_id(r["id"], ident) for r in mine):
                found += 1
            else:
                missed.append(f"{path}:{line} {ident}")
        labelled_lines = {ln for ln, _ in models + not_models if ln is not None}
        judged: dict[tuple[str, int | None], dict[str, Any]] = {}
        for ref in mine:
            line = ref.get("line")
            if line in ignore:
                continue
            anywhere = any(ln is None for ln, _ in models + not_models)
            if not entry.get("whole_file") and not anywhere and line not in labelled_lines:
                continue
            key = (norm(ref["id"]), None if anywhere and all(ln is None for ln, _ in models + not_models) else line)
            judged.setdefault(key, ref)
        for (_, _), ref in judged.items():
            # a whole file: a labelled model id anywhere in it (a constant reported where it is used is still a model)
            whole = bool(entry.get("whole_file"))
            if any((whole or near(ref.get("line"), ln)) and same_id(ref["id"], ident) for ln, ident in models):
                tp += 1
            else:
                fp += 1
                wrong.append(f"{path}:{ref.get('line')} {ref['kind']} {ref['id']}")
    return {"tp": tp, "fp": fp, "found": found, "labelled": total, "wrong": wrong, "missed": missed}


def contexts(report: dict[str, Any]) -> Counter[str]:
    return Counter(r.get("context", "?") for r in report.get("references", []) if r.get("kind") in MODEL_KINDS)


def catalog_models(report: dict[str, Any]) -> tuple[int, int]:
    """Models every reference of which is in a catalogue, and how many of them come from a country of concern."""
    concern = set(report.get("config", {}).get("countries_of_concern") or [])
    by_model: dict[tuple[str, str], set[str]] = {}
    for ref in report.get("references", []):
        if ref.get("kind") in MODEL_KINDS:
            by_model.setdefault((ref["kind"], ref["id"]), set()).add(ref.get("context", ""))
    only = {k for k, ctx in by_model.items() if ctx == {"catalog"}}
    bad = 0
    for model in report.get("models", []):
        if (model.get("kind"), model.get("id")) in only:
            countries = {(model.get("origin") or {}).get("country"), (model.get("base") or {}).get("country")}
            bad += bool(countries & concern)
    return len(only), bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", type=Path)
    parser.add_argument("--repos", type=Path, default=None, help="folder of the checkouts (counts walked files)")
    parser.add_argument("--verbose", action="store_true", help="list false positives and misses")
    args = parser.parse_args(argv)
    times: dict[str, str] = {}
    if (args.reports / "TIMES").is_file():
        for row in (args.reports / "TIMES").read_text().splitlines():
            if row.strip():
                name, *seconds = row.split()  # wall [cpu]
                times[name] = " / ".join(f"{float(x):.1f}" for x in seconds)
    print("| repository | files | time s (wall / cpu) | model refs by context | catalogue models (concern) | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    all_tp = all_fp = all_found = all_total = 0
    for label_file in sorted(HERE.glob("*.yaml")):
        labels = yaml.safe_load(label_file.read_text(encoding="utf-8"))
        name = label_file.stem
        report_path = args.reports / f"{name}.json"
        if not report_path.is_file():
            print(f"| {labels['repo']} | - | - | no report | - | - | - |")
            continue
        report = json.loads(report_path.read_text(encoding="utf-8"))
        result = score(labels, report)
        files = "-"
        if args.repos is not None and (args.repos / name).is_dir():
            sys.path.insert(0, str(HERE.parent.parent))
            from scanner.discover.walker import iter_files

            files = str(sum(1 for _ in iter_files(args.repos / name)))
        ctx = ", ".join(f"{k} {v}" for k, v in sorted(contexts(report).items()))
        cat, bad = catalog_models(report)
        judged = result["tp"] + result["fp"]
        precision = f"{result['tp']}/{judged}" if judged else "-"
        recall = f"{result['found']}/{result['labelled']}" if result["labelled"] else "-"
        print(f"| {labels['repo']} | {files} | {times.get(name, '-')} | {ctx} | {cat} ({bad}) | {precision} | {recall} |")
        all_tp += result["tp"]
        all_fp += result["fp"]
        all_found += result["found"]
        all_total += result["labelled"]
        if args.verbose:
            for item in result["wrong"]:
                print(f"    FP {item}")
            for item in result["missed"]:
                print(f"    MISS {item}")
    print(f"| all | | | | | {all_tp}/{all_tp + all_fp} | {all_found}/{all_total} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
