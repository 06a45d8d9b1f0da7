"""Recall and precision of discovery on the labelled projects in tests/eval_discovery (per kind and per context).

Usage: python bench/discovery_eval.py [--verbose] [--json] [EVAL_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scanner.discover import DETECTORS, SourceFile  # noqa: E402
from scanner.discover.base import classify_context  # noqa: E402

MODEL_KINDS = ("hf-model", "modelscope-model", "ollama", "api-model", "model-file")
SCORED = MODEL_KINDS + ("hf-dataset", "model-slot")
SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}
LANGUAGES = {".py": "python", ".ipynb": "python", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "js", ".ts": "ts", ".mts": "ts",
             ".cts": "ts", ".tsx": "ts", ".go": "go", ".java": "java", ".kt": "kotlin", ".kts": "kotlin", ".cs": "csharp", ".rs": "rust"}
MANIFESTS = ("package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "go.mod", "go.sum", "pom.xml", "build.gradle",
             "build.gradle.kts", "cargo.toml", "cargo.lock", "packages.config", "directory.packages.props")


def language(path: str) -> str:
    """The per-language bucket of a labelled path: source language, ``manifest`` for package manifests and locks, else ``other``."""
    name = path.rsplit("/", 1)[-1].lower()
    if name in MANIFESTS or name.endswith((".csproj", ".fsproj", ".vbproj")):
        return "manifest"
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return LANGUAGES.get(suffix, "other")


def discover(project: Path) -> list[Any]:
    """Every reference the detectors report for one project (Markdown fences on), each file read once."""
    refs = []
    for dirpath, dirnames, filenames in os.walk(project):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            full = Path(dirpath) / name
            rel = full.relative_to(project).as_posix()
            if rel == "labels.yaml":
                continue
            src = SourceFile(root=project, relpath=rel, size=full.stat().st_size, include_docs=True)
            for detector in DETECTORS:
                if detector.wants(src):
                    refs.extend(detector.detect(src))
    return refs


def evaluate(eval_dir: Path, prefix: str = "") -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0})
    misses: list[str] = []
    extras: list[str] = []
    provider = {"right": 0, "wrong": 0}
    wrong_providers: list[str] = []
    files = 0
    started = time.perf_counter()
    for project in sorted(p for p in eval_dir.iterdir() if (p / "labels.yaml").is_file() and p.name.startswith(prefix)):
        labels = yaml.safe_load((project / "labels.yaml").read_text()) or {}
        expected = {(e["kind"], str(e["id"]), e["path"]): e for e in labels.get("expect") or []}
        refs = discover(project)
        files += sum(1 for _ in project.rglob("*") if _.is_file())
        found: dict[tuple[str, str, str], Any] = {}
        for ref in refs:
            found.setdefault((ref.kind.value, ref.identifier, ref.location.path), ref)
        for key, label in expected.items():
            kind, ident, path = key
            context = str(found[key].context) if key in found else str(classify_context(path))
            for bucket in (f"kind:{kind}", f"context:{context}", f"lang:{language(path)}") + (("models",) if kind in MODEL_KINDS else ()):
                counts[bucket]["tp" if key in found else "fn"] += 1
            if key not in found:
                misses.append(f"{project.name}: {kind} {ident} in {path}")
            elif kind == "api-model" and label.get("provider"):
                ok = found[key].provider == label["provider"]
                provider["right" if ok else "wrong"] += 1
                if not ok:
                    wrong_providers.append(f"{project.name}: {ident} -> {found[key].provider} (expected {label['provider']})")
        for key, ref in found.items():
            kind = key[0]
            if kind not in SCORED or key in expected:
                continue
            for bucket in (f"kind:{kind}", f"context:{ref.context}", f"lang:{language(key[2])}") + (("models",) if kind in MODEL_KINDS else ()):
                counts[bucket]["fp"] += 1
            extras.append(f"{project.name}: {kind} {key[1]} in {key[2]}:{ref.location.line} ({ref.detector})")
    seconds = time.perf_counter() - started
    table = {}
    for bucket, c in sorted(counts.items()):
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
        scored_precision = not bucket.startswith("kind:package")
        precision = c["tp"] / (c["tp"] + c["fp"]) if scored_precision and c["tp"] + c["fp"] else None
        table[bucket] = {**c, "recall": recall, "precision": precision}
    return {"table": table, "misses": misses, "extras": extras, "provider": provider, "wrong_providers": wrong_providers,
            "files": files, "seconds": seconds}


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("eval_dir", nargs="?", default=str(REPO / "tests" / "eval_discovery"))
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss and every false positive")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="", metavar="PREFIX", help="only projects whose folder starts with PREFIX (p = development set, h = held-out set)")
    args = parser.parse_args(argv)
    result = evaluate(Path(args.eval_dir), args.only)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'bucket':28} {'tp':>4} {'fn':>4} {'fp':>4} {'recall':>7} {'precision':>9}")
    for bucket, row in result["table"].items():
        print(f"{bucket:28} {row['tp']:4} {row['fn']:4} {row['fp']:4} {_fmt(row['recall']):>7} {_fmt(row['precision']):>9}")
    p = result["provider"]
    total = p["right"] + p["wrong"]
    print(f"api-model provider correct: {p['right']}/{total}")
    print(f"{result['files']} files in {result['seconds']:.2f}s")
    if args.verbose:
        for title, items in (("MISSED", result["misses"]), ("FALSE POSITIVES", result["extras"]), ("WRONG PROVIDER", result["wrong_providers"])):
            print(f"\n{title} ({len(items)})")
            for item in items:
                print("  " + item)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
