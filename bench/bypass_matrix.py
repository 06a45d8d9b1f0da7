"""Issue 14's matrix: the bypass corpus by class x aiscan before/after x picklescan, modelscan, fickling, ModelAudit.

    python bench/bypass_matrix.py --before /tmp/i14-before --anchors-python /tmp/i14-anchors/bin/python \
        [--big-mb 64] [--repeat 3] [--markdown out.md]

``--before`` is a folder holding another commit's ``scanner/`` and ``rules/`` (``git archive COMMIT scanner rules``);
it runs in its own process with that folder first on sys.path. The anchors run through bench/anchors/run_anchor.py
in their own venv. For each class: malicious flagged, benign flagged (aiscan: verdict unsafe or suspicious; an
anchor: its own flag) and MB/s over the class's files. Then the three pickle throughput classes (large torch zip,
raw array pickle, opcode-dense pickle), fastest of --repeat runs, before and after."""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import struct
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.formats_bench import run_anchor  # noqa: E402
from tests.formats import builders as b  # noqa: E402
from tests.formats.bypass_corpus import Bypass, bypass_corpus  # noqa: E402

ANCHORS = ("picklescan", "modelscan", "fickling", "modelaudit")
RUNNER = """
import json, sys, time
from pathlib import Path
from scanner.formats import inspect_path
for line in sys.stdin:
    path = Path(line.strip())
    started = time.perf_counter()
    try:
        mf = inspect_path(path, path.name, path.stat().st_size, named_as_model=True, hash_limit=0)
        verdict = mf.verdict if mf else "none"
    except Exception as exc:
        verdict = "crash " + exc.__class__.__name__
    print(json.dumps({"path": str(path), "verdict": verdict, "seconds": time.perf_counter() - started}), flush=True)
"""


def run_aiscan(root: Path, paths: list[Path], repeat: int = 1) -> dict[str, dict[str, object]]:
    """inspect_path of the scanner under ``root`` (hashing off: the anchors do not hash either), fastest of ``repeat``."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    feed = "\n".join(str(p) for p in paths for _ in range(repeat)) + "\n"
    proc = subprocess.run([sys.executable, "-c", RUNNER], input=feed, capture_output=True, text=True, cwd=root, env=env, timeout=3600, check=False)
    out: dict[str, dict[str, object]] = {}
    for line in proc.stdout.splitlines():
        row = json.loads(line)
        verdict = str(row["verdict"])
        row["flagged"] = verdict in ("unsafe", "suspicious")
        row["error"] = verdict if verdict in ("error", "not-inspected", "none") or verdict.startswith("crash") else None
        old = out.get(str(row["path"]))
        if old is None or float(row["seconds"]) < float(old["seconds"]):  # type: ignore[arg-type]
            out[str(row["path"])] = row
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    return out


def throughput_files(directory: Path, mb: int) -> list[Path]:
    """The three pickle classes of issue 19: large torch zip, raw array pickle, opcode-dense pickle."""
    n = mb << 20
    tensors = b.torch_state_pickle()
    many = b.proto(2) + b.glob("collections", "OrderedDict") + b.EMPTY_TUPLE + b.REDUCE + b.MARK
    for i in range(3000):
        many += b.ustr(f"layer{i}.weight") + tensors[tensors.index(b"ctorch._utils") : tensors.rindex(b"u")]
    many += b.SETITEMS + b.STOP
    rng = random.Random(14)  # noqa: S311 - reproducible filler bytes, not a secret
    floats = rng.randbytes(n)  # raw float32 bytes: any byte pattern, as in real tensors
    array = (
        b.proto(4) + b.glob("numpy.core.multiarray", "_reconstruct") + b.MARK + b.glob("numpy", "ndarray") + b.bint(0) + b.TUPLE1
        + b.binbytes(b"b") + b.TUPLE + b.REDUCE + b.MARK + b.bint(1) + b.MARK + b.bint(n // 4) + b.TUPLE + b.glob("numpy", "dtype")
        + b.MARK + b.ustr("f4") + b.NEWFALSE + b.NEWTRUE + b.TUPLE + b.REDUCE + b.NEWFALSE + b"\x8e" + struct.pack("<Q", n) + floats
        + b.TUPLE + b.BUILD + b.STOP
    )  # fmt: skip
    files = {
        "large_torch_zip.pt": b.zip_bytes({"archive/data.pkl": many, "archive/data/0": floats, "archive/version": b"3\n"}),
        "raw_array.pkl": array,
        "dense.pkl": pickle.dumps([(i, float(i), f"k{i}", {"a": i}) for i in range(n // 48)], protocol=4),
    }
    out = []
    for name, data in files.items():
        (directory / name).write_bytes(data)
        out.append(directory / name)
    return out


def _tools(args: argparse.Namespace) -> list[str]:
    tools = ["after"] + (["before"] if args.before else []) + [a for a in args.anchors.split(",") if a]
    return tools


def collect(args: argparse.Namespace, paths: list[Path], repeat: int) -> dict[str, dict[str, dict[str, object]]]:
    """Every tool over ``paths``, ``repeat`` rounds interleaved (tool after tool each round), fastest run kept."""
    results: dict[str, dict[str, dict[str, object]]] = {}
    for _ in range(repeat):
        for tool in _tools(args):
            if tool == "after":
                got = run_aiscan(REPO, paths)
            elif tool == "before":
                got = run_aiscan(Path(args.before), paths)
            else:
                got = run_anchor(args.anchors_python, tool, paths, args.timeout)
            mine = results.setdefault(tool, {})
            for key, row in got.items():
                if key not in mine or float(row["seconds"]) < float(mine[key]["seconds"]):  # type: ignore[arg-type]
                    mine[key] = row
    return results


Results = dict[str, dict[str, dict[str, object]]]


def render(samples: list[tuple[Bypass, Path]], results: Results, big: list[Path], bigres: Results) -> list[str]:
    tools = list(results)
    names = {"after": "aiscan after", "before": "aiscan before"}
    lines = ["| class | malicious | benign | " + " | ".join(f"{names.get(t, t)} flagged / benign flagged / MB/s" for t in tools) + " |"]
    lines.append("|---|---|---|" + "---|" * len(tools))
    by_class: dict[str, list[tuple[Bypass, Path]]] = defaultdict(list)
    for sample, path in samples:
        by_class[sample.cls].append((sample, path))
    totals = {t: [0, 0, 0, 0.0] for t in tools}
    for cls in sorted(by_class):
        rows = by_class[cls]
        mal = [p for s, p in rows if s.label == "malicious"]
        ben = [p for s, p in rows if s.label == "benign"]
        cells = []
        for tool in tools:
            res = results[tool]
            flagged = sum(bool(res[str(p)]["flagged"]) for p in mal)
            fp = sum(bool(res[str(p)]["flagged"]) for p in ben)
            size = sum(p.stat().st_size for _, p in rows)
            secs = sum(float(res[str(p)]["seconds"]) for _, p in rows)  # type: ignore[arg-type]
            totals[tool][0] += flagged
            totals[tool][1] += fp
            totals[tool][2] += size
            totals[tool][3] += secs
            cells.append(f"{flagged}/{len(mal)} / {fp}/{len(ben)} / {size / 1e6 / secs:.1f}" if secs else f"{flagged}/{len(mal)} / {fp}/{len(ben)} / -")
        lines.append(f"| {cls} | {len(mal)} | {len(ben)} | " + " | ".join(cells) + " |")
    n_mal = sum(1 for s, _ in samples if s.label == "malicious")
    n_ben = len(samples) - n_mal
    lines.append(
        f"| **all** | {n_mal} | {n_ben} | "
        + " | ".join(f"**{v[0]}/{n_mal} / {v[1]}/{n_ben} / {v[2] / 1e6 / v[3]:.1f}**" if v[3] else "-" for v in totals.values())
        + " |"
    )
    lines += ["", "Per-sample (FLAG = flagged; aiscan shows its verdict; err = the tool reported an error):", ""]
    lines.append("| sample | class | label | technique | " + " | ".join(names.get(t, t) for t in tools) + " |")
    lines.append("|---|---|---|---|" + "---|" * len(tools))
    for sample, path in samples:
        cells = []
        for tool in tools:
            row = results[tool][str(path)]
            if tool in ("after", "before"):
                cells.append(str(row["verdict"]))
            else:
                cells.append(("FLAG" if row["flagged"] else "-") + (" (err)" if row.get("error") else ""))
        lines.append(f"| {sample.name} | {sample.cls} | {sample.label} | {sample.technique} | " + " | ".join(cells) + " |")
    if big:
        lines += ["", "Pickle throughput (fastest run; seconds and MB/s; verdict for aiscan):", ""]
        btools = list(bigres)
        lines.append("| file | MB | " + " | ".join(names.get(t, t) for t in btools) + " |")
        lines.append("|---|---|" + "---|" * len(btools))
        for path in big:
            mb = path.stat().st_size / 1e6
            cells = []
            for tool in btools:
                row = bigres[tool][str(path)]
                secs = float(row["seconds"])  # type: ignore[arg-type]
                tag = str(row.get("verdict", "FLAG" if row["flagged"] else "clean"))
                cells.append(f"{secs:.2f} s, {mb / secs:.0f} MB/s, {tag}" if secs else f"-, {tag}")
            lines.append(f"| {path.name} | {mb:.0f} | " + " | ".join(cells) + " |")
        if "before" in bigres:
            for path in big:
                before, after = float(bigres["before"][str(path)]["seconds"]), float(bigres["after"][str(path)]["seconds"])  # type: ignore[arg-type]
                lines.append(f"\n{path.name}: after/before time ratio {after / before:.2f}" if before else "")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", help="folder with another commit's scanner/ and rules/")
    parser.add_argument("--anchors-python", required=False, default=os.environ.get("ANCHORS_PYTHON", "python3"))
    parser.add_argument("--anchors", default=",".join(ANCHORS))
    parser.add_argument("--big-mb", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aiscan-bypass-") as tmp:
        root = Path(tmp)
        samples = []
        for sample in bypass_corpus():
            path = root / "corpus" / sample.label / sample.name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(sample.data)
            samples.append((sample, path))
        results = collect(args, [p for _, p in samples], 1)
        big: list[Path] = []
        bigres: dict[str, dict[str, dict[str, object]]] = {}
        if args.big_mb:
            (root / "big").mkdir()
            big = throughput_files(root / "big", args.big_mb)
            bigres = collect(args, big, args.repeat)
        lines = render(samples, results, big, bigres)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text)


if __name__ == "__main__":
    main()
