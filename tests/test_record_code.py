"""``scanner/_record_code.py`` holds the method texts of every record class of the scanner, compiled with the package.

Regenerate after changing a record class:
    AISCAN_REGEN_GOLDEN=1 python -m pytest tests/test_record_code.py
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import scanner
from scanner import records
from tests.conftest import REPO

GENERATED = Path(scanner.__file__).parent / "_record_code.py"


def _all_texts() -> list[str]:
    for info in pkgutil.walk_packages(scanner.__path__, "scanner."):
        importlib.import_module(info.name)
    return records.method_texts()


def test_generated_module_is_current() -> None:
    texts = _all_texts()
    assert len(texts) > 100  # __init__ and comparison texts of ~100 classes (shared where the fields are the same)
    expected = records.generated_module(texts)
    if os.environ.get("AISCAN_REGEN_GOLDEN"):
        GENERATED.write_text(expected, encoding="utf-8")
    assert GENERATED.read_text(encoding="utf-8") == expected, \
        "stale: AISCAN_REGEN_GOLDEN=1 python -m pytest " + __file__


def test_scan_compiles_no_record_method() -> None:
    """An empty scan builds dozens of records: with the generated module none of their methods is compiled at run time;
    without it (an older generator number) every one is, and the answers are the same."""
    probe = ("import builtins, sys, tempfile\n"
             "from scanner import records\n"
             "calls = []\n"
             "real = builtins.compile\n"
             "builtins.compile = lambda *a, **k: (calls.append(a[0]) if sys._getframe(1).f_code.co_filename == records.__file__ else None,"
             " real(*a, **k))[1]\n"
             "if sys.argv[1] == 'stale':\n"
             "    import scanner._record_code as gen; gen.GENERATOR = -1\n"
             "from scanner.cli import main\n"
             "with tempfile.TemporaryDirectory() as empty:\n"
             "    try: main(['scan', empty, '--offline', '--format', 'json', '-o', empty + '/r.json'])\n"
             "    except SystemExit as exc: print('exit', exc.code)\n"
             "print('compiled', len(calls))\n")
    outs = {}
    for mode in ("current", "stale"):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("AISCAN_PLAIN_RECORDS", None)
        proc = subprocess.run([sys.executable, "-c", probe, mode], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outs[mode] = proc.stdout.splitlines()
    assert outs["current"][-2:] == ["exit 0", "compiled 0"]
    assert outs["stale"][-2] == "exit 0" and int(outs["stale"][-1].split()[1]) >= 10  # 18 since the lazy registry tables


def test_a_changed_text_misses() -> None:
    """Keyed by the whole text: one character more and the text is compiled, not taken from the module."""
    texts = _all_texts()
    table = records._precompiled()
    assert table and all(records._key(t) in table for t in texts)
    assert records._key(texts[0] + " ") not in table
