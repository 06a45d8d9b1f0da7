"""Every record class behaves the same built by ``scanner.records.record`` and by ``dataclasses.dataclass``.

tests/records_probe.py prints the behaviour of every dataclass of the scanner (and of probe classes using the
options and field flags the scanner does not) as text; it runs twice, with and without AISCAN_PLAIN_RECORDS=1 (which
makes ``record`` call ``dataclasses.dataclass``), and the two texts must be identical line for line.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


def _probe(plain: bool) -> tuple[dict[str, object], list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "AISCAN_PLAIN_RECORDS"}
    env.update(PYTHONHASHSEED="0", PYTHONPATH=str(REPO))
    if plain:
        env["AISCAN_PLAIN_RECORDS"] = "1"
    proc = subprocess.run([sys.executable, "-m", "tests.records_probe"], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    head, *lines = proc.stdout.splitlines()
    return json.loads(head), lines


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="record is plain dataclasses there (scanner/records.py)")
def test_record_classes_behave_like_dataclasses() -> None:
    plain_head, plain = _probe(plain=True)
    head, lines = _probe(plain=False)
    # Not vacuous: the escape hatch really gives dataclasses, and without it every class is built by record.
    assert plain_head["plain"] is True and plain_head["built_by_record"] == 0 and plain_head["deferred_init"] == 0
    assert head["plain"] is False and head["built_by_record"] == head["decorated"] == plain_head["decorated"]
    assert isinstance(head["decorated"], int) and head["decorated"] >= 110  # 98 in scanner + 15 probe classes
    # built at import: only a few (the entries of scanner/resolve/_built_registry.py, imported by the probe, are built there)
    assert isinstance(head["deferred_init"], int) and head["deferred_init"] >= 90
    assert len(lines) > 40_000
    if lines != plain:
        diff = list(difflib.unified_diff(plain, lines, "dataclasses.dataclass", "scanner.records.record", n=2, lineterm=""))
        raise AssertionError(f"{sum(d.startswith('+') for d in diff) - 1} lines differ:\n" + "\n".join(diff[:80]))
