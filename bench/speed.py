"""Benchmark aiscan against the floor (one process reading every file, ast-parsing every .py), cold and warm cache.

    python bench/speed.py                       # 10k and 100k-file monorepos (generated into bench/out/ if missing)
    python bench/speed.py --sizes 10000 --runs 3 --startup --models --pickle
    python bench/speed.py --repos /tmp/r19-repos/FastChat /tmp/r19-repos/LLaMA-Factory --baseline 581875d   # real checkouts only

Run it with the interpreter aiscan is installed in (the floor parses non-Python sources with its tree-sitter grammars).

Prints one table: wall and CPU seconds, peak memory (max RSS of one process, and sampled PSS of the whole process
tree, which counts forked pool workers fairly), and the ratios to the floor. A script, never a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable

FLOOR = r"""
import ast, importlib, json, os, sys, time
root = sys.argv[1]
GRAMMARS = {".js": ("tree_sitter_javascript", "language"), ".mjs": ("tree_sitter_javascript", "language"),
            ".cjs": ("tree_sitter_javascript", "language"), ".jsx": ("tree_sitter_javascript", "language"),
            ".ts": ("tree_sitter_typescript", "language_typescript"), ".mts": ("tree_sitter_typescript", "language_typescript"),
            ".cts": ("tree_sitter_typescript", "language_typescript"), ".tsx": ("tree_sitter_typescript", "language_tsx"),
            ".go": ("tree_sitter_go", "language"), ".java": ("tree_sitter_java", "language"), ".kt": ("tree_sitter_kotlin", "language"),
            ".kts": ("tree_sitter_kotlin", "language"), ".cs": ("tree_sitter_c_sharp", "language"), ".rs": ("tree_sitter_rust", "language")}
parsers = {}
per_language = {}
files = parsed = total = 0
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = [d for d in dirnames if d != ".git"]
    for name in filenames:
        path = os.path.join(dirpath, name)
        if os.path.islink(path):
            continue
        with open(path, "rb") as handle:
            data = handle.read()
        files += 1
        total += len(data)
        if name.endswith(".py"):
            try:
                ast.parse(data)
                parsed += 1
            except (SyntaxError, ValueError, RecursionError):
                pass
            continue
        suffix = os.path.splitext(name)[1].lower()
        if suffix in GRAMMARS:  # the tree-sitter parse of every non-Python source (issue 15)
            started = time.perf_counter()
            if suffix not in parsers:
                import tree_sitter
                module, function = GRAMMARS[suffix]
                parsers[suffix] = tree_sitter.Parser(tree_sitter.Language(getattr(importlib.import_module(module), function)()))
            parsers[suffix].parse(data)
            parsed += 1
            count, seconds = per_language.get(suffix, (0, 0.0))
            per_language[suffix] = (count + 1, seconds + time.perf_counter() - started)
print(files, parsed, total)
print(json.dumps(per_language))
"""

def tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants (shared pages split fairly), in KiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


TIMEOUT = 3600.0  # seconds one measured process may run (--timeout); past it the row says so and the run goes on


class Failed(Exception):
    """One measured process failed or timed out: its row is reported as such, the other rows are still measured."""


def measure(cmd: list[str], env: dict[str, str] | None = None, sample: bool = True, cwd: Path | None = None) -> dict[str, float | str]:
    """Wall, CPU (user+sys of the process and every descendant it waited for), max RSS, peak tree PSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd or CODE)  # -m imports from cwd
    peak = [0]
    done = threading.Event()

    def sampler() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_pss_kb(proc.pid))

    thread = threading.Thread(target=sampler, daemon=True)
    if sample and os.path.exists("/proc/self/smaps_rollup"):
        thread.start()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read() if proc.stdout else b""), daemon=True)
    err_reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read() if proc.stderr else b""), daemon=True)
    reader.start()
    err_reader.start()  # both pipes drained while the process runs (a full stderr pipe would block it)
    killer = threading.Timer(TIMEOUT, proc.kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    killer.cancel()
    wall = time.perf_counter() - started
    done.set()
    reader.join()
    err_reader.join()
    err = b"".join(err_chunks).decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if wall >= TIMEOUT:
        raise Failed(f"timed out after {TIMEOUT:.0f} s")
    if proc.returncode not in (0, 1) or "Traceback (most recent call last)" in err:
        raise Failed(f"{' '.join(cmd[:4])}... failed ({proc.returncode}): {err.strip().splitlines()[-1][:300] if err.strip() else ''}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "pss_mb": peak[0] / 1024,
            "stdout": b"".join(out_chunks).decode(errors="replace"), "stderr": err}


CODE = REPO  # where `python -m scanner.cli` finds the package (a snapshot of HEAD with --snapshot)


def snapshot(into: Path, rev: str = "HEAD") -> Path:
    """The committed code only (git archive REV): edits made in the work tree during the run cannot change it."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    shutil.copytree(into / "rules", into / "scanner" / "rules")  # as the wheel lays it out (package_dir)
    # byte-compile as pip does on install: with PYTHONDONTWRITEBYTECODE set (as on the dev machines) every run would
    # otherwise recompile ~120 modules (~0.1 s), a cost no installed aiscan pays
    subprocess.run([PY, "-m", "compileall", "-q", str(into / "scanner")], check=True)
    return into


def aiscan(root: Path, cache: Path, jobs: str | None = None, code: Path | None = None) -> dict[str, float | str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), HF_HUB_OFFLINE="1", PYTHONPATH=str(code or CODE))
    env.pop("AISCAN_NO_CACHE", None)
    if jobs is not None:
        env["AISCAN_JOBS"] = jobs
    env["AISCAN_STATS"] = "1"  # one line of engine counters on stderr (files analysed vs answered from the cache)
    try:
        return measure([PY, "-m", "scanner.cli", "scan", str(root), "--offline", "--exit-zero", "--format", "json"], env, cwd=code)
    except Failed as exc:
        print(f"  {root.name}: {exc}", file=sys.stderr)
        return {"failed": str(exc)}


def best(runs: list[dict[str, float | str]]) -> dict[str, float | str]:
    """The median run by wall time (memory: the largest seen); a failure when every run failed."""
    runs = [r for r in runs if "failed" not in r] or runs[:1]
    if "failed" in runs[0]:
        return runs[0]
    ordered = sorted(runs, key=lambda r: float(r["wall"]))
    chosen = dict(ordered[len(ordered) // 2])
    chosen["rss_mb"] = max(float(r["rss_mb"]) for r in runs)
    chosen["pss_mb"] = max(float(r["pss_mb"]) for r in runs)
    return chosen


def corpus(n: int, polyglot: bool = False) -> Path:
    root = HERE / "out" / (f"mono-{n // 1000}k" + ("-polyglot" if polyglot else ""))
    if not (root / ".gitignore").exists():
        print(f"generating {root} ...", file=sys.stderr)
        extra = ["--polyglot"] if polyglot else []
        subprocess.run([PY, str(HERE / "gen_monorepo.py"), str(root), "--files", str(n), *extra], check=True, stdout=subprocess.DEVNULL)
    return root


def bench_root(root: Path, runs: int, jobs: str | None, baseline: Path | None = None, serial: bool = True) -> list[tuple[str, dict[str, float | str]]]:
    """Floor, cold, warm (and, with ``serial``, one-process cold) scans of one folder (a generated monorepo or a real
    checkout); with a baseline, its cold and warm scans are interleaved with ours so both see the same machine load."""
    print(f"measuring {root} ...", file=sys.stderr)
    measure([PY, "-c", FLOOR, str(root)], sample=False)  # warm the OS page cache so every row reads from memory
    rows: list[tuple[str, dict[str, float | str]]] = []
    rows.append(("floor", best([measure([PY, "-c", FLOOR, str(root)]) for _ in range(runs)])))
    cold_runs, warm_runs, serial_runs, base_cold, base_warm = [], [], [], [], []
    for _ in range(runs):  # interleaved with the baseline, so both see the same machine load
        with tempfile.TemporaryDirectory() as cache:
            cold_runs.append(aiscan(root, Path(cache), jobs))
            warm_runs.append(aiscan(root, Path(cache), jobs))
        if baseline is not None:
            with tempfile.TemporaryDirectory() as cache:
                base_cold.append(aiscan(root, Path(cache), jobs, baseline))
                base_warm.append(aiscan(root, Path(cache), jobs, baseline))
        if serial:
            with tempfile.TemporaryDirectory() as cache:
                serial_runs.append(aiscan(root, Path(cache), "1"))
    rows += [("aiscan cold", best(cold_runs)), ("aiscan warm", best(warm_runs))]
    if serial:
        rows.append(("aiscan cold, 1 process", best(serial_runs)))
    if baseline is not None:
        rows += [("baseline cold", best(base_cold)), ("baseline warm", best(base_warm))]
    return rows


def _stats(stderr: str) -> str:
    """``analysed N/M`` from the engine's AISCAN_STATS line (files read and analysed / files listed), or ''."""
    for line in reversed(stderr.splitlines()):
        if line.startswith("aiscan-stats "):
            fields = dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
            return f", analysed {fields.get('scanned', '?')}/{fields.get('files', '?')} ({fields.get('workers', '?')} proc)"
    return ""


def table(results: dict[int | str, list[tuple[str, dict[str, float | str]]]]) -> str:
    head = f"{'repo':>13}  {'run':24} {'wall s':>7} {'CPU s':>7} {'RSS MB':>7} {'PSS MB':>7} {'wall/floor':>10} {'CPU/floor':>9}  found"
    lines = [head, "-" * len(head)]
    for n, rows in results.items():
        floor = rows[0][1]
        for name, r in rows:
            if "failed" in r:
                lines.append(f"{n!s:>13}  {name:24} {'-':>7} {'-':>7} {'-':>7} {'-':>7} {'-':>10} {'-':>9}  {r['failed']}")
                continue
            found = ""
            if name != "floor":
                try:
                    report = json.loads(str(r["stdout"]))
                    found = f"{len(report['references'])} refs, {len(report['files'])} model files, {len(report['errors'])} errors"
                except (ValueError, KeyError, TypeError):
                    found = "(report not readable)"
                found += _stats(str(r.get("stderr", "")))
            else:
                files, parsed, total = str(r["stdout"]).splitlines()[0].split()
                found = f"{files} files read ({int(total) / 1e6:.0f} MB), {parsed} sources parsed (.py + tree-sitter languages)"
            lines.append(
                f"{n!s:>13}  {name:24} {float(r['wall']):7.2f} {float(r['cpu']):7.2f} {float(r['rss_mb']):7.0f} {float(r['pss_mb']):7.0f}"
                f" {float(r['wall']) / float(floor['wall']):10.2f} {float(r['cpu']) / float(floor['cpu']):9.2f}  {found}"
            )
        by_name = {name: r for name, r in rows if "failed" not in r}
        for label, cold, warm in (("", "aiscan cold", "aiscan warm"), ("baseline ", "baseline cold", "baseline warm")):
            if cold in by_name and warm in by_name:
                c, w = by_name[cold], by_name[warm]
                lines.append(f"{n!s:>13}  {label}cold/warm: {float(c['wall']) / float(w['wall']):.1f}x wall, "
                             f"{float(c['cpu']) / float(w['cpu']):.1f}x CPU")
        if "aiscan cold" in by_name and "baseline cold" in by_name:
            for kind in ("cold", "warm"):
                a, b = by_name.get(f"aiscan {kind}"), by_name.get(f"baseline {kind}")
                if a and b:
                    lines.append(f"{n!s:>13}  {kind}: baseline/aiscan {float(b['wall']) / float(a['wall']):.2f}x wall, "
                                 f"{float(b['cpu']) / float(a['cpu']):.2f}x CPU")
    return "\n".join(lines)


def startup() -> str:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(CODE))
    version = [measure([PY, "-m", "scanner.cli", "--version"], env, sample=False)["wall"] for _ in range(5)]
    bare = [measure([PY, "-c", "pass"], sample=False)["wall"] for _ in range(5)]
    example = REPO / "examples" / "rag-service"
    few = [str(p) for p in sorted(example.rglob("*.py"))[:3]]
    hook = [measure([PY, "-m", "scanner.cli", "scan-files", "--root", str(example), *few, "--offline", "--exit-zero", "-q"], env, sample=False)["wall"]
            for _ in range(5)]
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as cache:  # the fixed cost of a scan
        scan_env = dict(env, XDG_CACHE_HOME=cache)
        measure([PY, "-m", "scanner.cli", "scan", empty, "--offline", "--format", "json"], scan_env, sample=False)  # parse caches
        nothing = [measure([PY, "-m", "scanner.cli", "scan", empty, "--offline", "--format", "json"], scan_env, sample=False)
                   for _ in range(5)]
    proc = subprocess.run([PY, "-X", "importtime", "-c", "import scanner.cli"], capture_output=True, text=True, cwd=CODE, env=env)
    rows = []
    for line in proc.stderr.splitlines()[1:]:
        parts = line.split("|")
        if len(parts) == 3:
            rows.append((int(parts[1]), parts[2].rstrip()))
    top = sorted(rows, reverse=True)[:6]
    heavy = [name.strip() for _, name in rows if name.strip().split(".")[0] in ("huggingface_hub", "jinja2", "safetensors", "numpy", "torch", "yaml", "httpx")]
    out = [f"python -c pass: {statistics.median(bare) * 1000:.0f} ms   aiscan --version: {statistics.median(version) * 1000:.0f} ms   "
           f"pre-commit run (scan-files, 3 files): {statistics.median(hook) * 1000:.0f} ms  (medians of 5)",
           f"scan of an empty folder (--offline --format json, warm parse caches): {statistics.median(float(r['wall']) for r in nothing) * 1000:.0f} ms"
           f" wall, {statistics.median(float(r['cpu']) for r in nothing) * 1000:.0f} ms CPU (medians of 5)",
           "import scanner.cli, largest cumulative imports (us): " + ", ".join(f"{name.strip()} {us}" for us, name in top),
           f"heavy modules imported by `import scanner.cli`: {heavy or 'none'}"]
    return "\n".join(out)


def languages(n: int, floor_stdout: str) -> str:
    """Per-language cost on the polyglot corpus: the floor's tree-sitter parse vs aiscan's detector (parse + analysis), one process."""
    sys.path.insert(0, str(CODE))
    from scanner.discover import SourceFile
    from scanner.discover.polyglot.detector import PolyglotDetector
    from scanner.discover.polyglot.grammars import language_of

    root = corpus(n, polyglot=True)
    floor = json.loads(floor_stdout.splitlines()[1]) if len(floor_stdout.splitlines()) > 1 else {}
    detector = PolyglotDetector()
    costs: dict[str, list[float]] = {}
    found: dict[str, int] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or language_of(path.suffix) is None or "/node_modules/" in f"/{rel}" or rel.startswith(".git/"):
            continue
        src = SourceFile(root=root, relpath=rel, size=path.stat().st_size)
        started = time.perf_counter()
        refs = list(detector.detect(src)) if detector.wants(src) else []
        entry = costs.setdefault(path.suffix.lower(), [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - started
        found[path.suffix.lower()] = found.get(path.suffix.lower(), 0) + len(refs)
    lines = [f"per language ({root.name}): suffix, files, floor tree-sitter parse s, aiscan detector s (prefilter + parse + analysis), refs"]
    for suffix, (count, seconds) in sorted(costs.items()):
        floor_s = floor.get(suffix, [0, 0.0])[1]
        lines.append(f"  {suffix:5} {int(count):6} {floor_s:8.3f} {seconds:8.3f}  {found.get(suffix, 0)}")
    return "\n".join(lines)


def model_files() -> str:
    """Inspection cost must not grow with file size: a 16 GB sparse safetensors/GGUF costs its header."""
    sys.path.insert(0, str(CODE))
    sys.path.insert(0, str(HERE))
    import random

    from gen_monorepo import gguf, safetensors

    from scanner.formats import inspect_path

    rng = random.Random(0)  # noqa: S311 - deterministic test data
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, blob in (("model.safetensors", safetensors(rng)), ("model.gguf", gguf(rng))):
            small = Path(tmp) / f"small-{name}"
            small.write_bytes(blob)
            big = Path(tmp) / f"big-{name}"
            big.write_bytes(blob)
            os.truncate(big, 16 * 1024**3)
            timings = {}
            for label, path in (("small", small), ("16 GB sparse", big)):
                started = time.perf_counter()
                result = inspect_path(path, path.name, path.stat().st_size)
                timings[label] = (time.perf_counter() - started, result.verdict if result else "not recognised", result.format if result else "-")
            lines.append(f"{name:18} " + "   ".join(f"{k}: {v[0] * 1000:.1f} ms ({v[2]}, {v[1]})" for k, v in timings.items()))
    return "\n".join(lines)


def pickle_throughput() -> str:
    """Our pickle scan vs the anchors' CLIs on the same 50 MB pickle (many opcodes, not one big blob)."""
    import pickle

    sys.path.insert(0, str(CODE))
    from scanner.formats import inspect_path

    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.pkl"
        obj = [{"id": i, "name": f"item{i}", "values": [i, i * 2.5, str(i)]} for i in range(600_000)]
        path.write_bytes(pickle.dumps(obj, protocol=4))
        size_mb = path.stat().st_size / 1e6
        started = time.perf_counter()
        result = inspect_path(path, path.name, path.stat().st_size)
        ours = time.perf_counter() - started
        lines.append(f"pickle {size_mb:.0f} MB: aiscan inspect_path {ours:.2f} s ({size_mb / ours:.0f} MB/s, verdict {result.verdict if result else None})")
        anchors = Path("/work/anchors-venv/bin")
        for tool, args in (("picklescan", ["-p", str(path)]), ("modelscan", ["-p", str(path)]), ("fickling", ["--check-safety", str(path)])):
            exe = anchors / tool
            if not exe.exists():
                continue
            started = time.perf_counter()
            subprocess.run([str(exe), *args], capture_output=True, check=False, timeout=600)
            took = time.perf_counter() - started
            lines.append(f"  {tool:10} (CLI, incl. its start-up) {took:.2f} s ({size_mb / took:.0f} MB/s)")
    return "\n".join(lines)


def main() -> None:
    global CODE, TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=None,
                        help="generated monorepo sizes (default 10000 100000, or none when --repos is given)")
    parser.add_argument("--repos", type=Path, nargs="*", default=[],
                        help="real checkouts to measure (clone them outside this repository; never commit their code)")
    parser.add_argument("--runs", type=int, default=1, help="runs per row (the median is shown)")
    parser.add_argument("--jobs", default=None, help="AISCAN_JOBS for the parallel rows (default: auto)")
    parser.add_argument("--startup", action="store_true")
    parser.add_argument("--models", action="store_true", help="model-file inspection cost vs file size")
    parser.add_argument("--pickle", action="store_true", help="pickle scanning throughput vs the anchors")
    parser.add_argument("--worktree", action="store_true", help="measure the work tree as it is (default: a snapshot of HEAD)")
    parser.add_argument("--baseline", default=None, help="also time cold/warm scans of this commit (interleaved), e.g. a1a70d9")
    parser.add_argument("--polyglot", action="store_true", help="use the polyglot corpora (gen_monorepo --polyglot) and print per-language cost")
    parser.add_argument("--no-serial", action="store_true", help="leave out the one-process cold row (saves one cold scan per repo and run)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds one measured process may run (its row then says so)")
    args = parser.parse_args()
    TIMEOUT = args.timeout
    if args.sizes is None:
        args.sizes = [] if args.repos else [10000, 100000]
    floor_check = subprocess.run([PY, "-c", "import tree_sitter, tree_sitter_javascript"], capture_output=True, check=False)
    if floor_check.returncode != 0:
        raise SystemExit(f"{PY} has no tree-sitter grammars: the floor could not parse non-Python sources. "
                         "Run this script with the interpreter aiscan is installed in (e.g. .venv/bin/python).")
    missing = [str(r) for r in args.repos if not r.is_dir()]
    if missing:
        raise SystemExit(f"not a folder: {', '.join(missing)}")
    if not args.worktree:
        CODE = snapshot(Path(tempfile.mkdtemp(prefix="aiscan-bench-code-")))
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        print(f"code: snapshot of HEAD {head}")
    print(f"load: {os.getloadavg()}  cores: {os.cpu_count()}  python {sys.version.split()[0]}  git: {bool(shutil.which('git'))}")
    baseline = snapshot(Path(tempfile.mkdtemp(prefix="aiscan-bench-base-")), args.baseline) if args.baseline else None
    results: dict[int | str, list[tuple[str, dict[str, float | str]]]] = {
        n: bench_root(corpus(n, args.polyglot), args.runs, args.jobs, baseline, not args.no_serial) for n in args.sizes}
    for repo in args.repos:
        results[repo.name[:13]] = bench_root(repo.resolve(), args.runs, args.jobs, baseline, not args.no_serial)
        print(table({repo.name[:13]: results[repo.name[:13]]}), file=sys.stderr)  # each repository as it completes
    print(table(results))
    if args.polyglot:
        for n, rows in results.items():
            if isinstance(n, int):
                print(languages(n, str(rows[0][1]["stdout"])))
    if args.startup:
        print(startup())
    if args.models:
        print(model_files())
    if args.pickle:
        print(pickle_throughput())
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
