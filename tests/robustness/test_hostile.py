"""Hostile repositories: bombs, deep nesting, loops, links out of the root, unreadable and binary files, huge lines.

Each case puts one bad file next to a good one and checks that the scan ends in bounded time, finds the good
reference, and that the bad file became an error entry (or was read without harm) — never a crash.
"""

from __future__ import annotations

import faulthandler
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest

from scanner.config import ScanConfig
from scanner.discover.engine import FilesOutput, scan_files

GOOD = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("good-org/good-model")\n'
LOADER = 'AutoModel.from_pretrained("bad-org/bad-model")\n'
BUDGET = 8  # seconds per file (AISCAN_FILE_TIMEOUT) during these tests


def project(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    root = tmp_path / "proj"
    for rel, content in {"app/good.py": GOOD, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


@pytest.fixture(autouse=True)
def _short_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISCAN_FILE_TIMEOUT", str(BUDGET))


def scan(root: Path, limit: float = 30.0, **changes: object) -> FilesOutput:
    """Scan in this (main) thread, where the engine's per-file time budget works; a hang past 3x the limit kills
    the run with a traceback rather than blocking CI."""
    faulthandler.dump_traceback_later(limit * 3, exit=True)
    started = time.perf_counter()
    try:
        out = scan_files(ScanConfig(root=root, **changes), use_cache=False, workers=1)  # type: ignore[arg-type]
    finally:
        faulthandler.cancel_dump_traceback_later()
    elapsed = time.perf_counter() - started
    assert elapsed < limit, f"scan took {elapsed:.1f} s"
    assert "good-org/good-model" in {r.identifier for r in out.references}, "the good file was lost"
    return out


def errors_for(out: FilesOutput, path: str) -> list[str]:
    return [e.message for e in out.errors if e.path == path]


# --- archives ----------------------------------------------------------------------------------------------------
def test_zip_bomb_is_bounded_and_reported(tmp_path: Path) -> None:
    root = project(tmp_path, {})
    bomb = root / "models" / "pytorch_model.bin"
    bomb.parent.mkdir(parents=True)
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("archive/data.pkl", "w", force_zip64=True) as member:
            for _ in range(600):  # 600 MB of zeros, about 600 KB compressed
                member.write(chunk)
    assert bomb.stat().st_size < 5 << 20
    out = scan(root, limit=60)
    (model,) = [f for f in out.files if f.path == "models/pytorch_model.bin"]
    assert model.verdict in ("suspicious", "unsafe", "error"), model


def test_nested_archives_are_followed_to_a_bound(tmp_path: Path) -> None:
    payload = b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03."
    for depth in range(12):
        buf_path = tmp_path / f"layer{depth}.zip"
        with zipfile.ZipFile(buf_path, "w") as archive:
            archive.writestr("data.pkl" if depth == 0 else "inner.zip", payload)
        payload = buf_path.read_bytes()
    root = project(tmp_path, {"models/nested.zip": payload})
    out = scan(root)
    (model,) = [f for f in out.files if f.path == "models/nested.zip"]
    assert model.verdict != "safe", "twelve levels of zip must be reported (too deep, or the pickle inside)"


def test_sparse_multi_gigabyte_model_costs_its_header(tmp_path: Path) -> None:
    header = b'{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}'
    root = project(tmp_path, {})
    big = root / "models" / "model.safetensors"
    big.parent.mkdir(parents=True)
    big.write_bytes(struct.pack("<Q", len(header)) + header + b"\0" * 16)
    os.truncate(big, 16 << 30)  # 16 GB, sparse: costs nothing on disk
    started = time.perf_counter()
    out = scan(root)
    assert time.perf_counter() - started < 10
    (model,) = out.files
    assert model.size == 16 << 30


def test_pickle_opcode_bomb_is_bounded(tmp_path: Path) -> None:
    many = b"\x80\x02]" + b"(" * 200_000 + b"K\x01e" * 500_000 + b"."
    deep = b"\x80\x02" + b"]" * 300_000 + b"."
    root = project(tmp_path, {"models/many.pkl": many, "models/deep.pkl": deep})
    out = scan(root, limit=60)
    assert {f.path for f in out.files} == {"models/many.pkl", "models/deep.pkl"}


# --- deep nesting --------------------------------------------------------------------------------------------------
DEEP = 10_000


@pytest.mark.parametrize(
    "name, content",
    [
        ("config/deep.json", "[" * DEEP + "]" * DEEP),
        ("config/deep_obj.json", '{"model": ' * DEEP + '"org/x"' + "}" * DEEP),
        ("config/deep.yaml", "model: " + "[" * DEEP + "]" * DEEP + "\n"),
        ("config/deep_map.yaml", "".join("  " * 0 + "{a: " for _ in range(DEEP)) + "1" + "}" * DEEP + "\n"),
        ("pyproject.toml", "[project]\ndependencies = " + "[" * DEEP + "]" * DEEP + "\n"),
        ("settings.toml", "x = " + "[" * DEEP + "]" * DEEP + "\n"),
        ("notebooks/deep.ipynb", '{"cells": ' + "[" * DEEP + "]" * DEEP + "}"),
        ("app/deep_parens.py", LOADER + "x = " + "(" * DEEP + "1" + ")" * DEEP + "\n"),
        ("app/deep_lists.py", LOADER + "x = " + "[" * 190 + "]" * 190 + "\n"),
        ("app/long_chain.py", LOADER + "x = " + "+".join(["1"] * 100_000) + "\n"),
        ("app/deep_calls.py", LOADER + "x = " + "f(" * 5000 + ")" * 5000 + "\n"),
        ("app/deep_attr.py", LOADER + "x = a" + ".b" * 100_000 + "\n"),
        ("app/deep_if.py", LOADER + "".join(" " * i + "if x:\n" for i in range(120)) + " " * 120 + "pass\n"),
        ("requirements.txt", "-r requirements.txt\n" + "torch" + "[" * DEEP + "\n"),
    ],
)
def test_deeply_nested_input_is_bounded(tmp_path: Path, name: str, content: str) -> None:
    root = project(tmp_path, {name: content})
    scan(root)


def test_yaml_billion_laughs_is_bounded(tmp_path: Path) -> None:
    lines = ['a: &a ["org/m", "org/m", "org/m", "org/m", "org/m", "org/m", "org/m", "org/m", "org/m"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    lines.append("model: *j")
    root = project(tmp_path, {"config/laughs.yaml": "\n".join(lines) + "\n"})
    out = scan(root, limit=BUDGET + 20)
    for message in errors_for(out, "config/laughs.yaml"):  # stopped by the budget if a detector expands the aliases
        assert "took longer than" in message


# --- encodings, binary, NUL bytes, huge lines ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["app/binary.py", "nb/binary.ipynb", "config/binary.yaml", "config/binary.json",
                                  "pyproject.toml", "requirements.txt", "Dockerfile", "scripts/run.sh", "README.md",
                                  ".env", "setup.cfg", "setup.py"])
def test_binary_and_non_utf8_files_with_code_names(tmp_path: Path, name: str) -> None:
    import random

    noise = random.Random(name).randbytes(20_000)
    root = project(tmp_path, {name: noise, f"latin1/{Path(name).name}": ("model = 'café/modèle'\n" + LOADER).encode("latin-1")})
    scan(root)


def test_nul_bytes_in_sources(tmp_path: Path) -> None:
    root = project(tmp_path, {"app/nul.py": LOADER + "\0\0\0x = 1\n", "config/nul.yaml": "model: org/x\0\n",
                              "config/nul.json": '{"model": "org/x\0"}', "requirements.txt": "torch\0==2\n"})
    scan(root)


def test_fifty_megabyte_single_line_file(tmp_path: Path) -> None:
    line = LOADER.strip() + "  # " + "x" * (50 << 20) + "\n"
    root = project(tmp_path, {"app/huge.py": line, "config/huge.json": '{"model": "' + "y" * (50 << 20) + '"}'})
    started = time.process_time()  # CPU time: the bound is on work, not on how loaded the machine is
    out = scan(root)
    assert time.process_time() - started < 5, "over the size cap: only the bounded fallback reads it"
    assert any(m.startswith("not fully analysed (size-cap): larger than") for m in errors_for(out, "app/huge.py"))
    assert "bad-org/bad-model" in {r.identifier for r in out.references}  # found by the fallback (first MBs only)
    out = scan(root, limit=120, max_file_size=64 << 20)  # raised cap: read and parsed, still bounded
    assert "bad-org/bad-model" in {r.identifier for r in out.references}


# --- file system: links, loops, fifos, permissions ----------------------------------------------------------------
def test_links_out_of_the_root_and_loops_are_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text('AutoModel.from_pretrained("outside-org/secret")\n')
    root = project(tmp_path, {})
    (root / "link_file.py").symlink_to(outside / "secret.py")
    (root / "link_dir").symlink_to(outside)
    (root / "loop").symlink_to(root / "loop")
    (root / "up").symlink_to(root)
    out = scan(root)
    assert "outside-org/secret" not in {r.identifier for r in out.references}
    assert errors_for(out, "link_file.py") and errors_for(out, "link_dir") and errors_for(out, "loop")
    assert not errors_for(out, "up")  # points inside the root: silently not followed


def test_fifo_with_a_code_or_model_name_is_never_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no fifos here")
    root = project(tmp_path, {})
    os.mkfifo(root / "app" / "pipe.py")
    os.mkfifo(root / "model.bin")
    out = scan(root, limit=20)
    assert errors_for(out, "app/pipe.py") and errors_for(out, "model.bin")


def test_unreadable_files_become_errors(tmp_path: Path) -> None:
    root = project(tmp_path, {"app/locked.py": LOADER, "models/locked.safetensors": b"\x10" + b"\0" * 7 + b'{"a": 1}' + b" " * 8})
    locked = [root / "app" / "locked.py", root / "models" / "locked.safetensors"]
    for path in locked:
        path.chmod(0)
    try:
        out = scan(root)
        if os.access(locked[0], os.R_OK):
            pytest.skip("running as root: permission bits do not stop reads (the files were scanned normally)")
        assert any("cannot read" in m for m in errors_for(out, "app/locked.py"))
        (model,) = [f for f in out.files if f.path == "models/locked.safetensors"]
        assert model.verdict == "error"
    finally:
        for path in locked:
            path.chmod(0o644)


def test_non_utf8_file_names(tmp_path: Path) -> None:
    root = project(tmp_path, {})
    raw = os.fsencode(root / "app") + b"/mod\xff\xfe.py"
    with open(raw, "wb") as handle:
        handle.write(LOADER.encode())
    out = scan(root)
    bad = [r for r in out.references if r.identifier == "bad-org/bad-model"]
    assert bad, "the file is still scanned"
    for ref in bad:
        ref.location.path.encode("utf-8")  # paths in results are always valid UTF-8 (reports must be writable)


def test_non_utf8_file_names_with_the_cache_on(tmp_path: Path) -> None:
    root = project(tmp_path, {"app/caf\u00e9.py": LOADER})
    raw = os.fsencode(root / "app") + b"/mod\xff.py"
    with open(raw, "wb") as handle:
        handle.write(LOADER.encode())
    for _ in range(2):
        out = scan_files(ScanConfig(root=root, cache_dir=tmp_path / "cache"), workers=1)
        assert sorted(r.location.path for r in out.references if r.identifier == "bad-org/bad-model") == ["app/caf\u00e9.py", "app/mod\\xff.py"]


# --- found by the property tests with more examples (AISCAN_FUZZ_EXAMPLES=400); kept as regressions -----------
def test_notebook_with_nested_list_source(tmp_path: Path) -> None:
    root = project(tmp_path, {"nb/odd.ipynb": b'{"cells":[{"cell_type":"code","source":[["model"]]}],"nbformat":4}'})
    out = scan(root)
    assert not [m for m in errors_for(out, "nb/odd.ipynb") if "TypeError" in m], "the notebook detector should skip a malformed cell, not raise"


def test_tiny_zip_with_unknown_sizes_does_not_allocate_the_member_cap(tmp_path: Path) -> None:
    import tracemalloc

    name = b"x" * 300  # local headers only, no central directory, the second member's sizes unknown
    data = (b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xad\x01}]" + struct.pack("<III", 0, 2, 0) + struct.pack("<HH", len(name), 0) + name + b"\x03\x00"
            + b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xad\x01}]" + struct.pack("<III", 0x71EC729F, 7, 5) + struct.pack("<HH", len(name), 0)
            + b"x" * 254 + b"\xba\xe7n\x0e\x13")  # the second header's name runs past the end of the file
    root = project(tmp_path, {"models/odd.npz": data})
    tracemalloc.start()
    try:
        scan(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 << 20, f"a {len(data)}-byte file made the scan allocate {peak >> 20} MB"
