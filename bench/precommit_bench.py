"""Time the aiscan pre-commit hook on a 10-file commit in a 10,000-file repository (and a full scan, for scale).

    python bench/precommit_bench.py [--files 10000] [--changed 10] [--runs 7] [--no-framework] [--out bench/out/precommit.json]

Generates the repository with bench/gen_monorepo.py, commits it, stages ``--changed`` files (edits to existing code
files without model references, plus one config), then measures, as medians over ``--runs``:
  * ``aiscan --version``: interpreter + CLI start-up, the floor of any hook;
  * ``aiscan scan-files --offline FILES``: the hook's own command on the staged files (clean, and with one staged
    file adding a disallowed model: the blocked commit);
  * ``aiscan scan --offline .``: a whole-project scan, what a hook without file names would cost;
  * with the real framework (unless --no-framework): ``pre-commit run aiscan`` on the staged files and a complete
    ``git commit`` (blocked and clean), the hook installed from a snapshot of this checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
QWEN = 'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'
MODEL_MARKERS = ("from_pretrained", "ollama", "SentenceTransformer", "/", "model", "MODEL")


def sh(cmd: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def timed(cmd: list[str], cwd: Path, env: dict[str, str], runs: int, expect: int | None = None) -> dict[str, float]:
    """Wall time and CPU time (user+sys of the command and its children: independent of other load on the machine)."""
    times, cpu, hook = [], [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = sh(cmd, cwd, env, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if expect is not None and proc.returncode != expect:
            raise SystemExit(f"{' '.join(cmd[:3])}...: exit {proc.returncode}, expected {expect}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        found = re.search(r"- duration: ([0-9.]+)s", proc.stdout + proc.stderr)
        if found:
            hook.append(float(found.group(1)))
    out = {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3), "max_s": round(max(times), 3),
           "cpu_median_s": round(statistics.median(cpu), 3), "runs": runs}
    if hook:
        out["hook_duration_median_s"] = round(statistics.median(hook), 3)  # pre-commit -v: the hook alone
    return out


def snapshot_checkout(dest: Path, env: dict[str, str]) -> str:
    """A one-commit copy of this checkout's working tree (what `pre-commit try-repo` would install)."""
    listed = sh(["git", "ls-files", "-z", "-c", "-o", "--exclude-standard"], REPO, env).stdout.split("\0")
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    sh(["git", "init", "-q"], dest, env)
    sh(["git", "add", "-A"], dest, env)
    sh(["git", "commit", "-q", "--no-verify", "-m", "snapshot"], dest, env)
    return sh(["git", "rev-parse", "HEAD"], dest, env).stdout.strip()


def pick_clean_code_files(root: Path, n: int) -> list[str]:
    picked = []
    for rel in sh(["git", "ls-files"], root, os.environ.copy()).stdout.splitlines():
        if rel.endswith(".py") and "/tests/" not in f"/{rel}":
            text = (root / rel).read_text(encoding="utf-8")
            if not any(m in text for m in MODEL_MARKERS):
                picked.append(rel)
        if len(picked) == n:
            break
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-framework", action="store_true", help="skip the pre-commit framework measurements")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "precommit.json")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="aiscan-precommit-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(HF_HUB_OFFLINE="1", PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PRE_COMMIT_HOME=str(work / "pre-commit-home"),
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid", GIT_COMMITTER_NAME="bench",
               GIT_COMMITTER_EMAIL="bench@example.invalid", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(work / "gitconfig"))
    (work / "gitconfig").write_text("[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    root = work / "mono"
    gen = sh([sys.executable, str(HERE / "gen_monorepo.py"), str(root), "--files", str(args.files)], REPO, env)
    sh(["git", "commit", "-q", "--no-verify", "-m", "generated"], root, env)
    tracked = len(sh(["git", "ls-files"], root, env).stdout.splitlines())

    staged = pick_clean_code_files(root, args.changed - 1)
    for rel in staged:
        with (root / rel).open("a", encoding="utf-8") as fh:
            fh.write("\n\ndef added_in_this_commit() -> int:\n    return 42\n")
    config = next(r for r in sh(["git", "ls-files", "*.yaml", "*.yml"], root, env).stdout.splitlines())
    with (root / config).open("a", encoding="utf-8") as fh:
        fh.write("\n# touched in this commit\n")
    staged.append(config)
    sh(["git", "add", "--", *staged], root, env)
    result: dict[str, object] = {
        "repository_files": tracked, "generator": json.loads(gen.stdout), "staged_files": len(staged), "runs": args.runs,
        "python": sys.version.split()[0], "cpus": os.cpu_count(), "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }
    aiscan = str(BIN / "aiscan")
    if not args.no_framework:
        # Install the hook first: its environment (pip-installed, bytecode compiled) is what a developer runs.
        hook_repo = work / "aiscan-snapshot"
        hook_repo.mkdir()
        sha = snapshot_checkout(hook_repo, env)
        (root / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {hook_repo}\n    rev: {sha}\n    hooks:\n      - id: aiscan\n", encoding="utf-8")
        sh(["git", "add", ".pre-commit-config.yaml"], root, env)
        start = time.perf_counter()
        sh([str(BIN / "pre-commit"), "install-hooks"], root, env)
        result["framework_install_s"] = round(time.perf_counter() - start, 2)
        sh([str(BIN / "pre-commit"), "install"], root, env)
        aiscan = str(next((work / "pre-commit-home").glob("repo*/py_env-*/bin/aiscan")))
    result["aiscan"] = "pre-commit hook environment" if not args.no_framework else "this interpreter's environment"
    result["startup_version"] = timed([aiscan, "--version"], root, env, args.runs, expect=0)
    result["hook_clean"] = timed([aiscan, "scan-files", "--offline", *staged], root, env, args.runs, expect=0)
    (root / "app_new_model.py").write_text(QWEN, encoding="utf-8")
    blocked_files = [*staged[:-1], "app_new_model.py"]
    result["hook_blocked"] = timed([aiscan, "scan-files", "--offline", *blocked_files], root, env, args.runs, expect=1)
    (root / "app_new_model.py").unlink()
    result["full_scan"] = timed([aiscan, "scan", "--offline", "-q", "--exit-zero", "."], root, env, max(3, args.runs // 2), expect=0)

    if not args.no_framework:
        pc = str(BIN / "pre-commit")
        result["framework_run_clean"] = timed([pc, "run", "aiscan", "-v"], root, env, args.runs, expect=0)
        (root / "app_new_model.py").write_text(QWEN, encoding="utf-8")
        sh(["git", "add", "app_new_model.py"], root, env)
        result["framework_run_blocked"] = timed([pc, "run", "aiscan", "-v"], root, env, args.runs, expect=1)
        result["git_commit_blocked"] = timed(["git", "commit", "-q", "-m", "add qwen"], root, env, args.runs, expect=1)
        sh(["git", "rm", "-q", "--cached", "app_new_model.py"], root, env)
        (root / "app_new_model.py").unlink()
        result["git_commit_clean"] = timed(["git", "commit", "-q", "-m", "clean"], root, env, 1, expect=0)
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
