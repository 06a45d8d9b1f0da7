"""Model-file inspection benchmark: aiscan vs picklescan, modelscan, fickling and ModelAudit on a generated corpus.

Prints detection rate (malicious flagged), false positives (benign flagged; for aiscan: benign 'unsafe' and, apart,
'suspicious'), malformed-file handling and throughput (MB/s) on larger benign files, plus the per-sample matrix.

    python bench/formats_bench.py [--anchors-python /work/anchors-venv/bin/python] [--big-mb 64] [--markdown out.md]

The anchors run in their own venv (never aiscan's), through their Python APIs (bench/anchors/run_anchor.py), one
process per tool; their import time is excluded. aiscan runs in-process via scanner.formats.inspect_path."""

from __future__ import annotations

import argparse
import json
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scanner.formats import inspect_path  # noqa: E402
from tests.formats import builders as b  # noqa: E402
from tests.formats.corpus import Sample, write  # noqa: E402

ANCHORS = ("picklescan", "modelscan", "fickling", "modelaudit")
FLAGGED = ("unsafe", "suspicious")


def big_files(directory: Path, mb: int) -> list[Path]:
    """Larger benign files for throughput: opcode-heavy pickles, torch zip/legacy with tensor bytes, headers."""
    directory.mkdir(parents=True, exist_ok=True)
    n = mb << 20
    out: dict[str, bytes] = {}
    tensors = b.torch_state_pickle()
    many = b.proto(2) + b.glob("collections", "OrderedDict") + b.EMPTY_TUPLE + b.REDUCE + b.MARK
    for i in range(3000):
        many += b.ustr(f"layer{i}.weight") + tensors[tensors.index(b"ctorch._utils") : tensors.rindex(b"u")]
    many += b.SETITEMS + b.STOP
    out["big_state_zip.pt"] = b.zip_bytes({"archive/data.pkl": many, "archive/data/0": b"\x00" * n, "archive/version": b"3\n"})
    out["big_legacy.bin"] = b.legacy_torch(many)[:-16] + struct.pack("<Q", n // 4) + b"\x00" * n
    out["big_list.pkl"] = pickle.dumps([float(i) for i in range(n // 80)] + [f"s{i}" for i in range(n // 200)], protocol=4)
    out["big.safetensors"] = b.safetensors({"w": ("F32", [n // 4], (0, n))}, b"\x00" * n)
    out["big.npy"] = b.npy("<f4", (n // 4,), b"\x00" * n)
    kv = {"general.architecture": "llama", "general.name": "big", "tokenizer.ggml.tokens": [f"token{i}" for i in range(32000)]}
    out["big.gguf"] = b.gguf(kv, n_tensor_floats=n // 4)
    paths = []
    for name, data in out.items():
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def run_aiscan(paths: list[Path], hash_limit: int | None = None) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    for path in paths:
        started = time.perf_counter()
        kwargs = {} if hash_limit is None else {"hash_limit": hash_limit}
        mf = inspect_path(path, path.name, path.stat().st_size, named_as_model=True, **kwargs)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        verdict = mf.verdict if mf else "none"
        _keep_fastest(results, {"path": str(path), "flagged": verdict in FLAGGED, "verdict": verdict, "error": verdict == "error", "seconds": seconds})
    return results


def _keep_fastest(results: dict[str, dict[str, object]], row: dict[str, object]) -> None:
    """Files listed several times (--repeat) keep their fastest run: the machine is shared, noise only adds time."""
    old = results.get(str(row["path"]))
    if old is None or float(row["seconds"]) < float(old["seconds"]):  # type: ignore[arg-type]
        results[str(row["path"])] = row


def run_anchor(python: str, tool: str, paths: list[Path], timeout: int) -> dict[str, dict[str, object]]:
    script = REPO / "bench" / "anchors" / "run_anchor.py"
    results: dict[str, dict[str, object]] = {}
    env = dict(os.environ, PYTHONWARNINGS="ignore", NO_COLOR="1")
    try:
        proc = subprocess.run([python, str(script), tool, *map(str, paths)], capture_output=True, text=True, timeout=timeout, env=env)
        lines = proc.stdout.splitlines()
    except subprocess.TimeoutExpired as exc:
        lines = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        lines = lines.splitlines()
    for line in lines:
        if line.startswith("{"):
            _keep_fastest(results, json.loads(line))
    for path in paths:
        results.setdefault(str(path), {"flagged": False, "error": "no result (crash/timeout)", "seconds": 0.0})
    return results


def summarise(name: str, samples: list[tuple[Sample, Path]], res: dict[str, dict[str, object]], verdicts: bool) -> dict[str, object]:
    mal = [(s, p) for s, p in samples if s.label == "malicious"]
    ben = [(s, p) for s, p in samples if s.label == "benign"]
    bad = [(s, p) for s, p in samples if s.label == "malformed"]
    detected = sum(1 for _, p in mal if res[str(p)]["flagged"])
    if verdicts:
        fp = sum(1 for _, p in ben if res[str(p)]["verdict"] == "unsafe")
        fp_susp = sum(1 for _, p in ben if res[str(p)]["verdict"] == "suspicious")
    else:
        fp, fp_susp = sum(1 for _, p in ben if res[str(p)]["flagged"]), 0
    malformed = sum(1 for _, p in bad if res[str(p)]["error"] or res[str(p)]["flagged"])
    errors_benign = sum(1 for _, p in ben if res[str(p)]["error"])
    return {
        "tool": name,
        "detected": detected,
        "malicious": len(mal),
        "fp": fp,
        "fp_suspicious": fp_susp,
        "benign": len(ben),
        "benign_errors": errors_benign,
        "malformed_reported": malformed,
        "malformed": len(bad),
    }


def throughput(res: dict[str, dict[str, object]], paths: list[Path]) -> tuple[float, float, int]:
    total = sum(p.stat().st_size for p in paths)
    seconds = sum(float(res[str(p)]["seconds"]) for p in paths)  # type: ignore[arg-type]
    errors = sum(1 for p in paths if res[str(p)]["error"])
    return total / (1 << 20) / max(seconds, 1e-9), seconds, errors


def cell(row: dict[str, object], verdict: bool) -> str:
    if verdict:
        return str(row["verdict"])
    text = "FLAG" if row["flagged"] else "-"
    return text + (" (err)" if row["error"] else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--anchors-python", default="/work/anchors-venv/bin/python")
    parser.add_argument("--anchors", default=",".join(ANCHORS))
    parser.add_argument("--big-mb", type=int, default=64)
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--repeat", type=int, default=3, help="runs over the large files; the fastest run per file counts")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    anchors = [a for a in args.anchors.split(",") if a]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        samples = write(root / "corpus")
        bigs = big_files(root / "big", args.big_mb)
        paths = [p for _, p in samples]
        runs = paths + bigs * args.repeat
        results = {"aiscan": run_aiscan(runs)}
        results["aiscan (no sha256)"] = run_aiscan(bigs * args.repeat, hash_limit=0)
        for tool in anchors:
            if Path(args.anchors_python).exists():
                results[tool] = run_anchor(args.anchors_python, tool, runs, args.timeout)
        lines = render(samples, bigs, results, anchors)
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")


def render(samples: list[tuple[Sample, Path]], bigs: list[Path], results: dict[str, dict[str, dict[str, object]]], anchors: list[str]) -> list[str]:
    tools = ["aiscan"] + [a for a in anchors if a in results]
    lines = [
        "## Summary",
        "",
        "| tool | malicious flagged | benign flagged (aiscan: unsafe) | benign suspicious | benign errors | malformed reported "
        "| MB/s (large benign files) | large-file errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for tool in tools + ["aiscan (no sha256)"]:
        res = results[tool]
        if tool == "aiscan (no sha256)":
            mbps, secs, errs = throughput(res, bigs)
            lines.append(f"| {tool} | | | | | | {mbps:,.0f} ({secs:.2f} s) | {errs} |")
            continue
        s = summarise(tool, samples, res, verdicts=tool == "aiscan")
        mbps, secs, errs = throughput(res, bigs)
        lines.append(
            f"| {tool} | {s['detected']}/{s['malicious']} | {s['fp']}/{s['benign']} | {s['fp_suspicious']} | {s['benign_errors']} | "
            f"{s['malformed_reported']}/{s['malformed']} | {mbps:,.0f} ({secs:.2f} s) | {errs} |"
        )
    lines += [
        "",
        "## Matrix (FLAG = reported as dangerous; err = the tool reported an error / could not scan)",
        "",
        "| sample | label | technique | " + " | ".join(tools) + " |",
        "|---" * (3 + len(tools)) + "|",
    ]
    for sample, path in samples + [(Sample(p.name, b"", "benign-large", "throughput file", "?"), p) for p in bigs]:
        row = [cell(results[t][str(path)], t == "aiscan") for t in tools]
        lines.append(f"| {sample.name} | {sample.label} | {sample.technique} | " + " | ".join(row) + " |")
    timed = tools + ["aiscan (no sha256)"]
    lines += [
        "",
        "## Large benign files: seconds (fastest of --repeat runs; err = not scanned / error)",
        "",
        "| file | MB | " + " | ".join(timed) + " |",
        "|---" * (2 + len(timed)) + "|",
    ]
    for path in bigs:
        cells = [f"{float(results[t][str(path)]['seconds']):.2f}" + (" err" if results[t][str(path)]["error"] else "") for t in timed]  # type: ignore[arg-type]
        lines.append(f"| {path.name} | {path.stat().st_size / (1 << 20):.0f} | " + " | ".join(cells) + " |")
    pickles = [p for p in bigs if p.suffix in (".pt", ".bin", ".pkl")]
    lines += [
        "",
        "Pickle-based large files only ("
        + ", ".join(p.name for p in pickles)
        + "): MB/s "
        + ", ".join(f"{t} {throughput(results[t], pickles)[0]:,.0f}" for t in timed),
    ]
    return lines


if __name__ == "__main__":
    main()
