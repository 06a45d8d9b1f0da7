"""Over-cap files are read to the end by the fallback, in chunks cut at line ends: a loader hidden past the first
chunk is found on its exact line, and what stays unread (past the per-file limit) is named in the gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover.base import SourceFile
from scanner.discover.failclosed import STREAM_CHUNK as MAX_BYTES
from scanner.discover.failclosed import stream_fallback

from .coverage_helpers import scan, write

LOADER = 'model = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")'


def _padded(filler_lines: int, newline: str, filler: str = "x = 1  # padding padding padding padding") -> str:
    return newline.join([filler] * filler_lines + [LOADER, "y = 2", ""])


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_loader_past_the_first_chunk_is_found_on_its_line(tmp_path: Path, newline: str) -> None:
    lines = (MAX_BYTES * 3) // 40  # ~12 MB: three chunks and more
    text = _padded(lines, newline)
    (tmp_path / "big.py").write_bytes(text.encode())
    refs, read = stream_fallback(SourceFile(root=tmp_path, relpath="big.py", size=len(text)))
    assert read == len(text)
    assert [(r.identifier, r.location.line) for r in refs] == [("Qwen/Qwen2.5-7B-Instruct", lines + 1)]


def test_crlf_split_across_a_chunk_edge_keeps_counting(tmp_path: Path) -> None:
    head = "a" * (MAX_BYTES - 1) + "\r\n"  # the chunk ends between \r and \n
    text = head + "b = 1\r\n" + LOADER + "\r\n"
    (tmp_path / "edge.py").write_bytes(text.encode())
    refs, _ = stream_fallback(SourceFile(root=tmp_path, relpath="edge.py", size=len(text)))
    assert [r.location.line for r in refs] == [3]


def test_a_line_longer_than_a_chunk_is_cut_not_lost(tmp_path: Path) -> None:
    text = "s = '" + "z" * (MAX_BYTES * 2) + "'\n" + LOADER + "\n"
    (tmp_path / "min.js").write_bytes(text.encode())
    refs, read = stream_fallback(SourceFile(root=tmp_path, relpath="min.js", size=len(text)))
    assert read == len(text) and [(r.identifier, r.location.line) for r in refs] == [("Qwen/Qwen2.5-7B-Instruct", 2)]


def test_the_per_file_limit_is_named_in_the_gap(tmp_path: Path) -> None:
    text = _padded(200_000, "\n")
    root = write(tmp_path / "repo", {"big.py": text})
    refs, read = stream_fallback(SourceFile(root=root, relpath="big.py", size=len(text)), limit=1 << 20)
    assert read == 1 << 20 and refs == []  # the loader sits past the first MB
    report = scan(root, tmp_path, max_file_size=1000)
    assert [(r.identifier, r.location.line) for r in report.references if r.identifier.startswith("Qwen")] == \
        [("Qwen/Qwen2.5-7B-Instruct", 200_001)]
    gap = report.coverage.not_analysed[0]
    assert gap.reason == "size-cap" and gap.fallback and "read only" not in gap.detail
    assert any(f.rule_id == "AIS-ORIGIN-001" for f in report.findings)


def test_dense_hostile_text_stops_at_the_time_bound_and_says_how_far(tmp_path: Path) -> None:
    import time

    text = "\n".join(f'x = load_model("org{i}/name-{i}")  # model pipeline' for i in range(200_000)) + "\n"
    (tmp_path / "dense.py").write_bytes(text.encode())
    started = time.process_time()
    _, read = stream_fallback(SourceFile(root=tmp_path, relpath="dense.py", size=len(text)), seconds=0.3)
    assert time.process_time() - started < 0.3 + 5.0  # at most one chunk past the bound
    assert 0 < read < len(text)
