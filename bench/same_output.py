"""Check that two code versions give the same JSON report on real checkouts (speed work must not move a single result).

    python bench/same_output.py --before 581875d --repos /tmp/r19-repos/smolagents /tmp/r19-repos/LLaMA-Factory
    python bench/same_output.py --before main --after WORKTREE --repos ...   # WORKTREE: the files as they are now

Each version is a `git archive` snapshot (rules as package data, byte-compiled) run as `python -m scanner.cli scan
ROOT --offline --exit-zero --format json` with a fresh cache, then run again warm on that cache. The reports are
compared section by section after sorting every list by its JSON text (order-insensitive, duplicates kept) and
dropping `generated_at`; cold vs warm of the same version must agree too. Exit 1 on any difference. A script, never a
timed test. Checkouts live outside this repository (clone them with `git clone --shared MIRROR /tmp/NAME`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
VOLATILE = ("generated_at",)


def snapshot(rev: str, into: Path) -> Path:
    """`git archive REV` (or the work tree's tracked files for WORKTREE) laid out as the wheel is, byte-compiled."""
    if rev == "WORKTREE":
        listing = ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        files = subprocess.run(listing, capture_output=True, check=True).stdout.split(b"\0")
        for name in filter(None, files):
            source = REPO / name.decode()
            if source.is_file():
                (into / name.decode()).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, into / name.decode())
    else:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    shutil.copytree(into / "rules", into / "scanner" / "rules")
    subprocess.run([PY, "-m", "compileall", "-q", str(into / "scanner")], check=True, stdout=subprocess.DEVNULL)
    return into


def scan(code: Path, root: Path, cache: Path) -> dict[str, Any]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), HF_HUB_OFFLINE="1", PYTHONPATH=str(code))
    env.pop("AISCAN_NO_CACHE", None)
    proc = subprocess.run([PY, "-m", "scanner.cli", "scan", str(root), "--offline", "--exit-zero", "--format", "json"],
                          capture_output=True, env=env, cwd=code, check=False, timeout=3600)
    if proc.returncode != 0:
        raise SystemExit(f"scan of {root} with {code} failed ({proc.returncode}):\n{proc.stderr.decode(errors='replace')[-2000:]}")
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def normalised(report: dict[str, Any]) -> dict[str, Any]:
    """Every list sorted by the JSON text of its items, at every depth; volatile keys dropped."""

    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items() if k not in VOLATILE}
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value

    out: dict[str, Any] = norm(report)
    return out


def differences(a: dict[str, Any], b: dict[str, Any], limit: int = 5) -> list[str]:
    """Per top-level section: items only in a, only in b (first few of each)."""
    out = []
    for key in sorted(set(a) | set(b)):
        left, right = a.get(key), b.get(key)
        if left == right:
            continue
        if isinstance(left, list) and isinstance(right, list):
            lt = [json.dumps(v, sort_keys=True) for v in left]
            rt = [json.dumps(v, sort_keys=True) for v in right]
            only_l = [t for t in lt if t not in set(rt)]
            only_r = [t for t in rt if t not in set(lt)]
            out.append(f"  {key}: {len(left)} vs {len(right)} items; only before {len(only_l)}, only after {len(only_r)}")
            out += [f"    - {t[:300]}" for t in only_l[:limit]] + [f"    + {t[:300]}" for t in only_r[:limit]]
        else:
            out.append(f"  {key}: {json.dumps(left)[:300]} != {json.dumps(right)[:300]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="a commit, or WORKTREE")
    parser.add_argument("--after", default="WORKTREE", help="a commit, or WORKTREE (default)")
    parser.add_argument("--repos", type=Path, nargs="+", required=True)
    args = parser.parse_args()
    status = 0
    with tempfile.TemporaryDirectory(prefix="aiscan-same-") as tmp:
        codes = {}
        for label, rev in (("before", args.before), ("after", args.after)):
            (Path(tmp) / label).mkdir()
            codes[label] = snapshot(rev, Path(tmp) / label)
        for root in args.repos:
            reports = {}
            for label, code in codes.items():
                with tempfile.TemporaryDirectory(prefix="aiscan-same-cache-") as cache:
                    reports[f"{label} cold"] = normalised(scan(code, root.resolve(), Path(cache)))
                    reports[f"{label} warm"] = normalised(scan(code, root.resolve(), Path(cache)))
            first = reports["before cold"]
            counts = {k: len(v) for k, v in first.items() if isinstance(v, list)}
            same = True
            for name, report in reports.items():
                diff = differences(first, report)
                if diff:
                    status, same = 1, False
                    print(f"{root.name}: before cold vs {name}: DIFFERENT")
                    print("\n".join(diff))
            if same:
                print(f"{root.name}: identical (before/after, cold/warm): {counts}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
