"""Pickle-walker benchmark: four file classes x aiscan (this tree, and optionally another checkout) x the anchors, one run.

    python bench/pickle_bench.py --anchors-python /tmp/i19-anchors/bin/python --before-commit 581875d [--mb 64] [--timeout 150]

Classes (generated into a temp folder, never committed): a torch zip checkpoint (data.pkl of 400 tensors + storages),
a raw protocol-4 pickle of numpy arrays (random float64, written by numpy itself in the anchors' Python), an
opcode-dense pickle (2 M small tuples and dicts, ~20 M opcodes), and 2,000 small pickles (sklearn-like state dicts).
Every tool runs in its own process per class (its import time excluded, as bench/anchors/run_anchor.py does); the
table shows seconds (sum of per-file scan times), MB/s, the process's max RSS, the verdicts, and the ratio to the
fastest anchor. ``pickle.load`` of the dense class is the reference for "within 5x of CPython's own unpickler".
Tools run one after another (``--parallel`` runs a class's tools at once); each has ``--timeout`` seconds per class and
is then stopped and reported as "timeout after N s" with the files it had answered, so a slow anchor never stalls the
run. The ratio columns use CPU seconds (user+sys inside each tool's per-file timing), which a busy machine inflates least.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ANCHORS = ("picklescan", "modelscan", "fickling", "modelaudit")

AISCAN_RUNNER = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    from scanner.formats import inspect_path
    from pathlib import Path
    try:  # tables built before timing, as run_anchor.py imports each anchor (and its tables) before timing it
        from scanner.formats.pickle_policy import import_policy
        import_policy()
    except ImportError:
        pass
    try:  # format modules are imported on first need since session 4: import them before timing too
        from scanner.formats import inspectors
        inspectors()
    except ImportError:
        pass
    kwargs = {} if sys.argv[2] == "hash" else {"hash_limit": 0}
    for name in sys.argv[3:]:
        path = Path(name)
        wall, cpu = time.perf_counter(), time.process_time()
        mf = inspect_path(path, path.name, path.stat().st_size, named_as_model=True, **kwargs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        issues = [i.code for i in mf.issues] if mf else []
        print(json.dumps({"path": name, "verdict": mf.verdict if mf else "none", "seconds": wall, "cpu": cpu, "detail": issues[:4]}), flush=True)
    """
)
LOAD_RUNNER = textwrap.dedent(
    """
    import json, pickle, sys, time
    for name in sys.argv[1:]:
        wall, cpu = time.perf_counter(), time.process_time()
        with open(name, "rb") as handle:
            pickle.load(handle)
        print(json.dumps({"path": name, "verdict": "loaded", "seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}), flush=True)
    """
)
DENSE_GEN = textwrap.dedent(
    """
    import pickle, sys
    obj = []
    for i in range(1_000_000):
        obj.append((i, i * 0.5, f"n{i}", None))
        obj.append({"id": i, "score": i * 0.25, "tag": "t", "ok": True})
    with open(sys.argv[1], "wb") as handle:
        pickle.dump(obj, handle, protocol=4)
    """
)
NUMPY_GEN = textwrap.dedent(
    """
    import pickle, sys, numpy as np
    rng = np.random.default_rng(19)
    total, arrays = int(sys.argv[2]) << 20, []
    while sum(a.nbytes for a in arrays) < total:
        n = int(rng.integers(256, 8192))
        arrays.append(rng.standard_normal(n))
    obj = {"weights": arrays, "meta": {"epochs": 3, "name": "mlp"}}
    with open(sys.argv[1], "wb") as handle:
        pickle.dump(obj, handle, protocol=4)
    """
)


def make_classes(root: Path, mb: int, numpy_python: str) -> dict[str, list[Path]]:
    """The four classes; returns class name -> files."""
    import pickle

    sys.path.insert(0, str(REPO))
    from tests.formats import builders as b

    root.mkdir(parents=True, exist_ok=True)
    classes: dict[str, list[Path]] = {}
    tensors = []
    for i in range(400):
        tensors.append(
            b.ustr(f"layers.{i}.weight") + b.glob("torch._utils", "_rebuild_tensor_v2") + b.MARK + b.MARK + b.ustr("storage")
            + b.glob("torch", "FloatStorage") + b.ustr(str(i)) + b.ustr("cpu") + b.bint(1024) + b.TUPLE + b.BINPERSID
            + b.bint(0) + b.bint(32) + b.bint(32) + b.TUPLE2 + b.bint(32) + b.bint(1) + b.TUPLE2 + b.NEWFALSE
            + b.glob("collections", "OrderedDict") + b.EMPTY_TUPLE + b.REDUCE + b.TUPLE + b.REDUCE
        )
    data_pkl = b.proto(2) + b.glob("collections", "OrderedDict") + b.EMPTY_TUPLE + b.REDUCE + b.MARK + b"".join(tensors) + b.SETITEMS + b.STOP
    members = {"archive/data.pkl": data_pkl, "archive/version": b"3\n", "archive/byteorder": b"little"}
    per = (mb << 20) // 400
    blob = os.urandom(per)
    for i in range(400):
        members[f"archive/data/{i}"] = blob
    torch_zip = root / "torch_zip" / "model.pt"
    torch_zip.parent.mkdir()
    torch_zip.write_bytes(b.zip_bytes(members))
    classes["torch zip"] = [torch_zip]
    arrays = root / "raw_arrays" / "arrays.pkl"
    arrays.parent.mkdir()
    subprocess.run([numpy_python, "-c", NUMPY_GEN, str(arrays), str(mb)], check=True)
    classes["raw array pickle"] = [arrays]
    dense = root / "dense" / "dense.pkl"
    dense.parent.mkdir()
    subprocess.run([sys.executable, "-c", DENSE_GEN, str(dense)], check=True)  # in a child: keeps this process small
    classes["dense pickle"] = [dense]
    small_dir = root / "small"
    small_dir.mkdir()
    small = []
    for i in range(2000):
        state = {"coef_": [float(j) for j in range(i % 50 + 5)], "n_features_in_": i % 50 + 5, "classes_": [0, 1], "name": f"m{i}"}
        path = small_dir / f"model_{i:04}.pkl"
        path.write_bytes(pickle.dumps(state, protocol=2 + i % 4))
        small.append(path)
    classes["2,000 small pickles"] = small
    return classes


def measure_all(cmds: list[list[str]], timeout: int, parallel: bool) -> list[dict[str, object]]:
    """Each command in its own process; with ``parallel`` all at once (CPU seconds and RSS stay per process)."""
    if not parallel:
        return [measure(cmd, timeout) for cmd in cmds]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(cmds)) as pool:
        return list(pool.map(lambda cmd: measure(cmd, timeout), cmds))


def measure(cmd: list[str], timeout: int) -> dict[str, object]:
    """One process: per-file rows, summed scan seconds, max RSS (through wait4 on the child)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONWARNINGS="ignore", NO_COLOR="1"))
    assert proc.stdout is not None
    lines: list[str] = []
    started = time.perf_counter()
    import threading

    reader = threading.Thread(target=lambda: lines.extend(proc.stdout.read().decode(errors="replace").splitlines()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        proc.kill()

    timer = threading.Timer(timeout, stop)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    reader.join()
    rows = [json.loads(line) for line in lines if line.startswith("{")]
    return {
        "timeout": timeout if fired.is_set() else None,
        "rows": rows,
        "wall": time.perf_counter() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": usage.ru_maxrss / 1024,
        "killed": os.WIFSIGNALED(status),
        "seconds": sum(float(r.get("seconds", 0.0)) for r in rows),
        "scan_cpu": sum(float(r.get("cpu", 0.0)) for r in rows),
    }


def verdicts(tool: str, rows: list[dict[str, object]], expected: int, timeout: object = None) -> str:
    if len(rows) < expected:
        if timeout:
            return f"timeout after {timeout} s ({len(rows)} of {expected} files answered)"
        return f"no result for {expected - len(rows)} of {expected} (crash)"
    if tool.startswith("aiscan") or tool == "pickle.load":
        counts: dict[str, int] = {}
        for r in rows:
            counts[str(r["verdict"])] = counts.get(str(r["verdict"]), 0) + 1
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    flagged = sum(1 for r in rows if r.get("flagged"))
    errors = sum(1 for r in rows if r.get("error"))
    return f"flagged {flagged}" + (f", errors {errors}" if errors else "") if flagged or errors else "clean"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors-python", default="/work/anchors-venv/bin/python")
    parser.add_argument("--anchors", default=",".join(ANCHORS))
    parser.add_argument("--before", type=Path, help="another aiscan checkout to measure too (e.g. a git archive of main)")
    parser.add_argument("--before-commit", help="measure this commit too (git archive of it into the temp folder), e.g. 581875d")
    parser.add_argument("--mb", type=int, default=64, help="size of the torch zip and raw array classes")
    parser.add_argument("--timeout", type=int, default=150, help="per tool and class, seconds (then: 'timeout after N s')")
    parser.add_argument("--classes", default="", help="comma-separated words picking classes (torch, raw, dense, small); default all")
    parser.add_argument("--parallel", action="store_true", help="run the tools of a class at the same time (shared machine: CPU columns)")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--generate", help=argparse.SUPPRESS)  # internal: write the classes into this folder and exit
    args = parser.parse_args()
    if args.generate:
        made = make_classes(Path(args.generate), args.mb, args.anchors_python)
        (Path(args.generate) / "classes.json").write_text(json.dumps({k: [str(p) for p in v] for k, v in made.items()}))
        return
    anchors = [a for a in args.anchors.split(",") if a]
    lines = [f"load at start: {os.getloadavg()}  cores: {os.cpu_count()}  python {sys.version.split()[0]}"]
    with tempfile.TemporaryDirectory(prefix="aiscan-pickle-bench-") as tmp:
        # Generated in a child: Linux keeps a process's peak RSS across fork+exec, so a parent that held the 64 MB torch
        # zip would lend every tool's row its own peak (the "max RSS" column then showed the parent, not the tool).
        subprocess.run([sys.executable, __file__, "--generate", tmp, "--mb", str(args.mb), "--anchors-python", args.anchors_python], check=True)
        classes = json.loads((Path(tmp) / "classes.json").read_text())
        classes = {k: [Path(p) for p in v] for k, v in classes.items()}
        if args.classes:  # words of the class names: "dense", "small", "torch", "raw"
            wanted = [w.strip() for w in args.classes.split(",") if w.strip()]
            classes = {k: v for k, v in classes.items() if any(w in k for w in wanted)}
        tools: list[tuple[str, list[str]]] = [
            ("aiscan", [sys.executable, "-c", AISCAN_RUNNER, str(REPO), "hash"]),
            ("aiscan no sha256", [sys.executable, "-c", AISCAN_RUNNER, str(REPO), "nohash"]),
        ]
        before = args.before
        if args.before_commit:
            before = Path(tmp) / "before"
            before.mkdir()
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.before_commit], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        if before:
            label = f"aiscan before ({args.before_commit})" if args.before_commit else "aiscan before"
            tools.append((label, [sys.executable, "-c", AISCAN_RUNNER, str(before), "hash"]))
        for anchor in anchors:
            tools.append((anchor, [args.anchors_python, str(HERE / "anchors" / "run_anchor.py"), anchor]))
        table: list[tuple[str, str, dict[str, object], float]] = []
        for cls, files in classes.items():
            mb = sum(p.stat().st_size for p in files) / (1 << 20)
            runs = list(tools)
            if cls.startswith("dense"):
                runs.append(("pickle.load", [sys.executable, "-c", LOAD_RUNNER]))
            results = measure_all([cmd + [str(p) for p in files] for _, cmd in runs], args.timeout, args.parallel)
            for (tool, _), result in zip(runs, results, strict=True):
                table.append((cls, tool, result, mb))
                print(f"  {cls:20} {tool:14} cpu {result['scan_cpu']:.2f} s wall {result['seconds']:.2f} s", file=sys.stderr, flush=True)
        lines += render(table, classes, anchors)
    lines.append(f"load at end: {os.getloadavg()}")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")


def render(table: list[tuple[str, str, dict[str, object], float]], classes: dict[str, list[Path]], anchors: list[str]) -> list[str]:
    out = [
        "",
        "| class | MB | tool | scan CPU s | MB/s (CPU) | scan wall s | max RSS MB | verdicts | fastest error-free anchor / tool (CPU) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for cls in classes:
        rows = [(t, r, mb) for c, t, r, mb in table if c == cls]
        expected = len(classes[cls])
        anchor_secs = [
            float(r["scan_cpu"]) for t, r, _ in rows  # type: ignore[arg-type]
            if t in anchors and len(r["rows"]) >= expected and not any(row.get("error") for row in r["rows"])  # type: ignore[attr-defined]
        ]
        fastest = min(anchor_secs) if anchor_secs else None
        for tool, r, mb in rows:
            secs = float(r["scan_cpu"])  # type: ignore[arg-type]
            complete = len(r["rows"]) >= expected  # type: ignore[arg-type]
            ratio = f"{fastest / secs:.1f}x" if fastest and secs > 0 and complete else "-"
            out.append(
                f"| {cls} | {mb:.0f} | {tool} | {secs:.2f}{'' if complete else ' (incomplete)'} | {mb / max(secs, 1e-9):.1f} | "
                f"{float(r['seconds']):.2f} | {float(r['rss']):.0f} | {verdicts(tool, r['rows'], expected, r.get('timeout'))} | {ratio} |"  # type: ignore[arg-type]
            )
    out.append("")
    for cls in classes:
        rows = {t: r for c, t, r, _ in table if c == cls}
        done = {t: float(r["scan_cpu"]) for t, r in rows.items() if t in anchors and len(r["rows"]) >= len(classes[cls])  # type: ignore[arg-type]
                and not any(row.get("error") for row in r["rows"])}  # type: ignore[attr-defined]
        for tool in ("aiscan", "aiscan no sha256"):
            if tool in rows and done:
                name, best = min(done.items(), key=lambda kv: kv[1])
                ours = float(rows[tool]["scan_cpu"])  # type: ignore[arg-type]
                out.append(f"{cls}: {tool} {ours:.2f} s CPU vs fastest error-free anchor {name} {best:.2f} s = {best / max(ours, 1e-9):.1f}x faster")
    dense = {t: r for c, t, r, _ in table if c.startswith("dense")}
    if "pickle.load" in dense and "aiscan" in dense:
        ours, ref = float(dense["aiscan"]["scan_cpu"]), float(dense["pickle.load"]["scan_cpu"])  # type: ignore[arg-type]
        out.append(f"\ndense class, CPU seconds: aiscan {ours:.2f} vs pickle.load {ref:.2f} = {ours / max(ref, 1e-9):.1f}x")
    return out


if __name__ == "__main__":
    main()
