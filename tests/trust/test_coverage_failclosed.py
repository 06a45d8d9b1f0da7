"""Attack cases: a file that cannot be fully analysed is still read (parser-free fallback), named in errors and in
coverage, and reported by AIS-COVERAGE-001 (medium by default, high in strict) so a gate can require full coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.discover.base import SourceFile
from scanner.discover.engine import scan_one
from scanner.discover.walker import WalkEntry
from scanner.timebudget import armed

from .coverage_helpers import QWEN, as_json, blocking, hf, rules, scan, write

LOADER = f'm = AutoModel.from_pretrained("{QWEN}")\n'
# PEP 695 written on one line is lowered and parsed on 3.11 (python/detector.lower_pep695); a type parameter list
# spread over lines is not, and stays the newer syntax this Python cannot read
CASES = {
    "pep695-type": ("app.py", "from transformers import AutoModel\ntype Vector[\n    T,\n] = list[T]\n" + LOADER, "newer-syntax"),
    "pep695-generic-def": ("app.py", "from transformers import AutoModel\ndef first[\n    T,\n](xs: list[T]) -> T:\n    return xs[0]\n" + LOADER,
                           "newer-syntax"),
    "pep695-generic-class": ("app.py", "from transformers import AutoModel\nclass Box[\n    T,\n]:\n    pass\n" + LOADER, "newer-syntax"),
    "half-written": ("app.py", "from transformers import AutoModel\n" + LOADER + "def broken(:\n", "syntax-error"),
    "bad-utf8": ("app.py", 'from transformers import AutoModel\nname = "caf\udce9"\n' + LOADER, "decode-error"),
    "notebook-not-json": ("nb.ipynb", '{"cells": [{"cell_type": "code", "source": ["' + LOADER.strip().replace('"', '\\"') + '"]}', "invalid-json"),
    "yaml-broken": ("config.yaml", "model_name: " + QWEN + "\n  bad: [\n", "invalid-yaml"),
    "json-broken": ("config.json", '{"model": "' + QWEN + '",,}\n', "invalid-json"),
}


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@pytest.mark.parametrize("case", sorted(CASES))
def test_unparseable_file_is_fallback_scanned_and_named(tmp_path: Path, case: str) -> None:
    name, text, reason = CASES[case]
    root = write(tmp_path / "repo", {name: _bytes(text)})
    report = scan(root, tmp_path)
    found = {(r.identifier, r.detector) for r in report.references}
    assert (QWEN, "fallback") in found, found
    assert ("AIS-ORIGIN-001", QWEN) in rules(report)  # the verdict no longer depends on the parser
    (gap,) = report.coverage.not_analysed
    assert (gap.path, gap.reason, gap.fallback) == (name, reason, True)
    assert any(e.path == name and e.message.startswith(f"not fully analysed ({reason})") for e in report.errors)
    assert ("AIS-COVERAGE-001", name) in rules(report)
    assert as_json(report)["coverage"]["fallback_scanned"] == [name]


def test_strict_fails_on_a_file_it_could_not_read_even_with_nothing_found(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"app.py": 'type Alias[\n    T,\n] = int\nDOCS = "docs/readme"\n'})
    assert "AIS-COVERAGE-001" not in blocking(scan(root, tmp_path))  # default: medium, listed
    strict = scan(root, tmp_path, policies=("strict",))
    assert "AIS-COVERAGE-001" in blocking(strict)


def test_source_over_the_size_cap_is_fallback_scanned(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"big.py": "x = 1\n" * 2000 + hf()})
    report = scan(root, tmp_path, max_file_size=1000)
    assert (QWEN, "fallback") in {(r.identifier, r.detector) for r in report.references}
    assert [(g.reason, g.fallback) for g in report.coverage.not_analysed] == [("size-cap", True)]


def test_notebook_over_the_size_cap_is_fallback_scanned(tmp_path: Path) -> None:
    cell = {"cell_type": "code", "source": ["from transformers import AutoModel\n", LOADER], "metadata": {}, "outputs": []}
    padding = {"cell_type": "markdown", "source": ["x" * 5000], "metadata": {}}
    root = write(tmp_path / "repo", {"nb.ipynb": json.dumps({"cells": [padding, cell], "nbformat": 4, "nbformat_minor": 5}, indent=1)})
    report = scan(root, tmp_path, max_file_size=2000)
    assert ("AIS-ORIGIN-001", QWEN) in rules(report)
    assert [(g.path, g.reason) for g in report.coverage.not_analysed] == [("nb.ipynb", "size-cap")]


def test_a_notebook_cell_that_does_not_parse_is_named_and_its_ids_still_found(tmp_path: Path) -> None:
    cells = [{"cell_type": "code", "source": ["import os\n"]},
             {"cell_type": "code", "source": ["type T[X,\n", "] = int\n", LOADER]}]  # (one-line PEP 695 is lowered in cells too)
    root = write(tmp_path / "repo", {"nb.ipynb": json.dumps({"cells": cells})})
    report = scan(root, tmp_path)
    (gap,) = report.coverage.not_analysed
    assert gap.reason == "newer-syntax" and gap.detail.startswith("cell 2:")
    assert ("AIS-ORIGIN-001", QWEN) in rules(report)


def test_trust_remote_code_in_a_file_that_does_not_parse_is_flagged(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"app.py": "import sys\ntype X[T,\n] = int\nm = AutoModel.from_pretrained(sys.argv[1], trust_remote_code=True)\n"})
    report = scan(root, tmp_path)
    assert "AIS-CODE-001" in blocking(report)
    assert [(r.location.line, r.detector) for r in report.references if r.trust_remote_code] == [(4, "fallback:trust_remote_code")]


def test_a_file_whose_time_budget_runs_out_is_fallback_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scanner.discover as discover

    class Stuck:
        name = "stuck"

        def wants(self, src: SourceFile) -> bool:
            return src.suffix == ".py"

        def detect(self, src: SourceFile) -> list[object]:
            while True:  # a parser stuck on hostile input
                pass

    monkeypatch.setattr(discover, "DETECTORS", (Stuck(),))
    root = write(tmp_path / "repo", {"app.py": hf()})
    with armed() as usable:
        if not usable:
            pytest.skip("no SIGALRM timer here")
        outcome = scan_one(root, WalkEntry("app.py", (root / "app.py").stat().st_size), max_file_size=10**6, want_digest=False, budget=0.2)
    assert outcome.result is not None and not outcome.cacheable
    assert [g.reason for g in outcome.result.gaps] == ["timeout"]
    assert [(r.identifier, r.detector) for r in outcome.result.references] == [(QWEN, "fallback")]
