"""Measure the issue-13 part B attack cases against one aiscan source tree: verdict, whether the attack was caught,
wall time and peak RSS. A script (not a test): ``python -m tests.trust.measure_coverage [--src DIR]``.

``--src`` is an aiscan checkout to run (default: this one); for "before", ``git archive <commit> | tar -x -C DIR``.
Each case is a tree an attacker wrote; it is caught when the expected finding is in the JSON report, unsuppressed.
Prints a Markdown table (docs/notes/issue-13.md, Part B).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.trust.coverage_helpers import QWEN, evil_pickle, fake_venv, hf, write
from tests.trust.measure import measure_child

Make = Callable[[Path], None]
LOADER = f'from transformers import AutoModel\nm = AutoModel.from_pretrained("{QWEN}")\n'
IGNORE = "# aiscan: ignore[AIS-ORIGIN-001] approved"
HEAD = "import os, sys\nfrom transformers import AutoModel\n"


def tree(files: dict[str, str | bytes]) -> Make:
    return lambda root: None if write(root, files) else None


def venv_with(files: dict[str, str | bytes]) -> Make:
    def make(root: Path) -> None:
        write(root, {"app.py": "print('hi')\n"})
        fake_venv(root, ".venv", real=True)
        write(root, {f".venv/lib/python3.11/site-packages/pkg/{k}": v for k, v in files.items()})
    return make


def cases() -> list[tuple[str, str, Make, str, list[str]]]:
    """(group, case, tree builder, expected rule id, extra CLI args)."""
    out: list[tuple[str, str, Make, str, list[str]]] = [
        ("skip", "empty pyvenv.cfg in src/", tree({"src/app.py": LOADER, "src/pyvenv.cfg": ""}), "AIS-ORIGIN-001", []),
    ]
    for name in ("vendor", "build", "third_party", "env", "target", "dist", "node_modules"):
        out.append(("skip", f"loader under {name}/ (no proof)", tree({f"{name}/lib/app.py": LOADER}), "AIS-ORIGIN-001", []))
    out += [
        ("skip", "pickle in a real venv", venv_with({"w.pkl": evil_pickle()}), "AIS-FILE-001", []),
        ("skip", "trust_remote_code in a real venv", venv_with({"r.py": hf("org/x", ", trust_remote_code=True")}), "AIS-CODE-001", []),
        ("skip", "pickle in installed node_modules", tree({"node_modules/.package-lock.json": "{}", "node_modules/x/m.bin": evil_pickle()}),
         "AIS-FILE-001", []),
        ("fail-closed", "3.12 `type X = ...`", tree({"app.py": "type V = list[float]\n" + LOADER}), "AIS-ORIGIN-001", []),
        ("fail-closed", "PEP 695 generic def", tree({"app.py": "def f[T](x: T) -> T:\n    return x\n" + LOADER}), "AIS-ORIGIN-001", []),
        ("fail-closed", "half-written file", tree({"app.py": LOADER + "def broken(:\n"}), "AIS-ORIGIN-001", []),
        ("fail-closed", "invalid UTF-8", tree({"app.py": b'x = "caf\xe9"\n' + LOADER.encode()}), "AIS-ORIGIN-001", []),
        ("fail-closed", "notebook not JSON", tree({"nb.ipynb": '{"cells": [{"cell_type": "code", "source": ["'
                                                  + LOADER.replace('"', '\\"').replace("\n", "\\n") + '"]}'}), "AIS-ORIGIN-001", []),
        ("fail-closed", "YAML that does not parse", tree({"c.yaml": f"model_name: {QWEN}\n  bad: [\n"}), "AIS-ORIGIN-001", []),
        ("fail-closed", "source over the size cap", tree({"big.py": "x = 1\n" * 2_000_000 + LOADER}), "AIS-COVERAGE-001", []),
        ("fail-closed", "strict: unparseable file", tree({"app.py": 'type T = int\nDOCS = "docs/x"\n'}), "AIS-COVERAGE-001",
         ["--policy", "strict"]),
        ("lines", "U+2028 x4 in a Python comment", tree({"app.py": "from transformers import AutoModel\n# n\u2028\u2028\u2028\u2028\n"
                                                         f'ok = AutoModel.from_pretrained("org/ok")  {IGNORE}\n\n\n\n'
                                                         f'bad = AutoModel.from_pretrained("{QWEN}")\n'}), "AIS-ORIGIN-001", []),
        ("lines", "form feeds x4 in a Python comment", tree({"app.py": "from transformers import AutoModel\n# n\x0c\x0c\x0c\x0c\n"
                                                             f'ok = AutoModel.from_pretrained("org/ok")  {IGNORE}\n\n\n\n'
                                                             f'bad = AutoModel.from_pretrained("{QWEN}")\n'}), "AIS-ORIGIN-001", []),
        ("lines", "U+2028 in a YAML comment", tree({"c.yaml": f"# h\u2028\u2028\u2028\nok: org/ok  {IGNORE}\n\nmodel: {QWEN}\n"}),
         "AIS-ORIGIN-001", []),
        ("remote", "trust_remote_code, id from sys.argv", tree({"app.py": HEAD + "AutoModel.from_pretrained(sys.argv[1], trust_remote_code=True)\n"}),
         "AIS-CODE-001", []),
        ("remote", "id from a sibling constant",
         tree({"app.py": HEAD + "from settings import MODEL\nAutoModel.from_pretrained(MODEL, trust_remote_code=True)\n",
               "settings.py": "import os\nMODEL = os.environ['M']\n"}), "AIS-CODE-001", []),
        ("remote", "id from a parameter", tree({"app.py": HEAD + "def load(n):\n    return AutoModel.from_pretrained(n, trust_remote_code=True)\n"}),
         "AIS-CODE-001", []),
        ("remote", "**{'trust_remote_code': True}", tree({"app.py": HEAD + 'AutoModel.from_pretrained(sys.argv[1], **{"trust_remote_code": True})\n'}),
         "AIS-CODE-001", []),
        ("remote", "TRC = True; trust_remote_code=TRC", tree({"app.py": HEAD + "TRC = True\nAutoModel.from_pretrained(sys.argv[1], trust_remote_code=TRC)\n"}),
         "AIS-CODE-001", []),
        ("remote", "YAML trust_remote_code: true", tree({"train.yaml": "base_model: ${BASE}\ntrust_remote_code: true\n"}), "AIS-CODE-001", []),
        ("remote", "JSON \"trust_remote_code\": true", tree({"args.json": '{"model_name_or_path": "/m", "trust_remote_code": true}\n'}),
         "AIS-CODE-001", []),
        ("bounds", "100 KB of `from x import (` lines", tree({"app.py": "from x import (\n" * 6400 + LOADER}), "AIS-ORIGIN-001", []),
        ("bounds", "64 KB requirements of `from x import (`", tree({"requirements.txt": "from x import (\n" * 4096, "app.py": LOADER}),
         "AIS-ORIGIN-001", []),
        ("bounds", "200 KB one-line `pip install` script", tree({"setup.sh": "pip install " * 16000 + "\n", "app.py": LOADER}), "AIS-ORIGIN-001", []),
    ]
    return out


def caught(report: dict[str, object], rule: str) -> bool:
    findings = report.get("findings", [])
    return any(f["rule_id"] == rule and not f.get("suppressed_by") for f in findings)  # type: ignore[union-attr,index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--label", default="after")
    args = parser.parse_args()
    print(f"| group | case | expected | verdict ({args.label}) | caught | s | MB |")
    print("|---|---|---|---|---|---:|---:|")
    for group, name, make, rule, extra in cases():
        with tempfile.TemporaryDirectory(prefix="aiscan-i13b-") as tmp:
            root = Path(tmp) / "repo"
            root.mkdir()
            make(root)
            out = Path(tmp) / "r.json"
            code, seconds, mb, _, err = measure_child(args.src.resolve(), ["scan", str(root), "--offline", "-q", "--format", "json",
                                                                          "-o", str(out), *extra], {})
            report = json.loads(out.read_text()) if out.exists() else {}
            verdict = {"0": "PASS", "1": "FAIL"}.get(code, f"exit {code}")
            print(f"| {group} | {name} | {rule} | {verdict} | {'yes' if caught(report, rule) else 'no'} | {seconds:.1f} | {mb:.0f} |")


if __name__ == "__main__":
    main()
