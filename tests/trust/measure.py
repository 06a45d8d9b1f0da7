"""Measure the trust-boundary attack cases against one aiscan source tree: exit code, wall time, peak RSS, outcome.

    python -m tests.trust.measure [--src DIR] [--label after]

``--src`` is an aiscan checkout to run (default: this one); e.g. the commit before issue 13 part A:
``git archive <commit> | tar -x -C /tmp/before`` then ``--src /tmp/before``. Each case runs in a child process with a
30 s timeout and a 2 GiB address-space limit (the unfixed /dev/zero case would otherwise eat the machine).
Prints a Markdown table (docs/notes/issue-13.md, Part A).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.hubserver import HubStub, model_payload
from tests.trust.helpers import APP

LIMIT_AS = 2 * 1024 ** 3
TIMEOUT = 30.0
TOKEN = "hf_measureTOKEN"


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))


def project(base: Path, name: str, config: str | None = None) -> Path:
    root = base / name
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(APP)
    if config is not None:
        (root / ".aiscan.yaml").write_text(config)
    return root


Case = tuple[str, str, Callable[[Path, Path], tuple[list[str], dict[str, str]]], Callable[[str, str, str], str]]


def _first(err: str) -> str:
    line = next((x for x in err.splitlines() if x.strip()), "")
    return (line[:90] + "…") if len(line) > 90 else line


def cases(hub: HubStub, evil: HubStub) -> list[Case]:
    def baseline(target: str, kind: str = "path") -> Callable[[Path, Path], tuple[list[str], dict[str, str]]]:
        def make(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
            root = project(base, "p", "baseline: b.json\n" if kind != "path" else f"baseline: {target}\n")
            if kind == "symlink":
                (root / "b.json").symlink_to(target)
            elif kind == "fifo":
                os.mkfifo(root / "b.json")
            elif kind == "sparse":
                with open(root / "b.json", "wb") as fh:
                    fh.truncate(4 * 1024 ** 3)
            return [str(root), "--offline", "-q"], {}
        return make

    def policy_fifo(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
        root = project(base, "p", "policy: [p.yaml]\n")
        os.mkfifo(root / "p.yaml")
        return [str(root), "--offline", "-q"], {}

    def config_fifo(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
        root = project(base, "p")
        os.mkfifo(root / ".aiscan.yaml")
        return [str(root), "--offline", "-q"], {}

    def tree_setting(text: str, *extra: str) -> Callable[[Path, Path], tuple[list[str], dict[str, str]]]:
        def make(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
            root = project(base, "p", text)
            return [str(root), "--offline", "--format", "json", *extra], {}
        return make

    def outside(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
        (base / "outside.json").write_text('{"version": 1, "findings": []}')
        root = project(base, "p", "baseline: ../outside.json\n")
        return [str(root), "--offline", "-q"], {}

    def token(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
        root = project(base, "p", f"hub:\n  endpoint: {evil.url}\n")
        (root / "app" / "main.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/chat-7b")\n')
        return [str(root), "-q", "--format", "json"], {"HF_ENDPOINT": hub.url, "HF_TOKEN": TOKEN, "XDG_CACHE_HOME": str(base / "c")}

    def fanout(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
        root = project(base, "p")
        (root / "app" / "main.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/merge-5000")\n')
        return [str(root), "-q", "--format", "json"], {"HF_ENDPOINT": hub.url, "XDG_CACHE_HOME": str(base / "c")}

    def tags(base: Path, src: Path) -> tuple[list[str], dict[str, str]]:
        root = project(base, "p")
        name = "w" + "".join(chr(0xE0000 + ord(c)) for c in "hide") + ".pkl"
        (root / name).write_bytes(b"\x80\x04cos\nsystem\n(S'id'\ntR.")
        return [str(root), "--offline", "--format", "markdown"], {}

    def gates(text: str) -> Callable[[str, str, str], str]:
        def outcome(code: str, out: str, err: str) -> str:
            if code == "2":
                return "exit 2: " + _first(err)
            try:
                data = json.loads(out)
            except ValueError:
                return f"exit {code}"
            listed = [g["key"] for g in data.get("config", {}).get("gate_changes", [])]
            gate = [f["subject"] for f in data["findings"] if f["rule_id"] == "AIS-GATE-001"]
            return f"exit {code}; gate_changes: {listed or 'not reported'}" + (f"; AIS-GATE-001 x{len(gate)}" if gate else "")
        return outcome

    def err_outcome(code: str, out: str, err: str) -> str:
        return f"exit {code}: {_first(err)}" if code == "2" else f"exit {code}"

    def leak(code: str, out: str, err: str) -> str:
        got = [s.authorization for s in evil.requests]
        legit = [s.authorization for s in hub.requests if s.repo_id == "acme/chat-7b"]
        evil.requests.clear()
        return f"exit {code}; attacker got {len(got)} request(s){' WITH the token' if any(got) else ''}; trusted endpoint {len(legit)}"

    def fan(code: str, out: str, err: str) -> str:
        n = len([s for s in hub.requests if s.repo_id != "acme/chat-7b"])
        hub.requests.clear()
        return f"exit {code}; {n} Hub requests"

    def escaped(code: str, out: str, err: str) -> str:
        raw = sum(1 for ch in out if 0xE0000 <= ord(ch) <= 0xE007F)
        return f"exit {code}; {raw} raw tag characters in Markdown" + ("; escaped" if "U+E0068" in out else "")

    return [
        ("A1", "baseline: /dev/zero", baseline("/dev/zero"), err_outcome),
        ("A2", "baseline symlink -> /dev/zero", baseline("/dev/zero", "symlink"), err_outcome),
        ("A3", "baseline is a FIFO", baseline("", "fifo"), err_outcome),
        ("A4", "baseline 4 GiB sparse file", baseline("", "sparse"), err_outcome),
        ("A5", "policy file is a FIFO", policy_fifo, err_outcome),
        ("A6", ".aiscan.yaml is a FIFO", config_fifo, err_outcome),
        ("A7", "baseline: ../outside.json", outside, err_outcome),
        ("A8", "hub.endpoint in tree + HF_TOKEN", token, leak),
        ("A9", "card lists 5000 base models", fanout, fan),
        ("A10", "exit_zero: true in tree", tree_setting("exit_zero: true\n"), gates("")),
        ("A11", "ignore id '*' (no expiry)", tree_setting("ignore:\n  - {id: '*', reason: x}\n"), gates("")),
        ("A12", "overrides: disable AIS-ORIGIN-001", tree_setting("overrides:\n  - {id: AIS-ORIGIN-001, enabled: false}\n"), gates("")),
        ("A13", "exclude: app/** in tree", tree_setting("exclude: ['app/**']\n"), gates("")),
        ("A14", "exit_zero + fail_on critical, --trusted-config",
         tree_setting("exit_zero: true\nfail_on: critical\n", "--trusted-config", "TRUSTED"), gates("")),
        ("A15", "tag characters in a file name (Markdown)", tags, escaped),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    with HubStub() as hub, HubStub() as evil:
        for stub in (hub, evil):
            stub.add("acme/chat-7b", model_payload("acme/chat-7b", license="mit"))
        hub.add("acme/merge-5000", model_payload("acme/merge-5000", base_model=[f"m{i}/b{i}" for i in range(5000)], relation="merge"))
        print(f"| case | attack | {args.label} outcome | time s | peak RSS MiB |")
        print("|---|---|---|---:|---:|")
        for key, title, make, outcome in cases(hub, evil):
            with tempfile.TemporaryDirectory() as tmp:
                base = Path(tmp)
                trusted = base / "trusted.yaml"
                trusted.write_text("fail_on: high\n")
                argv, env = make(base, args.src)
                argv = [str(trusted) if a == "TRUSTED" else a for a in argv]
                code, seconds, rss, out, err = measure_child(args.src, argv, env)
                print(f"| {key} | {title} | {outcome(code, out, err)} | {seconds:.2f} | {rss:.0f} |", flush=True)


def measure_child(src: Path, argv: list[str], env: dict[str, str]) -> tuple[str, float, float, str, str]:
    """Run one case; peak RSS is the child's VmHWM, sampled every 20 ms until it exits or is killed."""
    full_env = {**os.environ, "PYTHONPATH": str(src), "AISCAN_NO_CACHE": "1", **env}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "scanner.cli", *argv], cwd=src, env=full_env, stdout=out, stderr=err,
                                preexec_fn=_limit)  # noqa: PLW1509 - a resource limit, set before exec
        peak = 0
        killed = False
        while proc.poll() is None:
            peak = max(peak, _hwm(proc.pid))
            if time.perf_counter() - start > TIMEOUT:
                proc.kill()
                killed = True
                proc.wait()
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if killed:
        code = "killed (30 s timeout)"
    elif proc.returncode < 0 or "MemoryError" in stderr:
        code = "killed (2 GiB limit)"
    else:
        code = str(proc.returncode)
    return code, elapsed, peak / 1024, stdout, stderr


def _hwm(pid: int) -> int:
    """Peak resident set size of a live process in KiB (Linux /proc), 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    main()
