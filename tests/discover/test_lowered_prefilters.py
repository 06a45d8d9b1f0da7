"""Byte prefilters searched over ``SourceFile.lowered`` answer exactly as the same pattern with ``(?i)`` over the bytes
(session 4: lm-evaluation-harness's 14,000 YAML/JSON files spent 0.63 s in the case-insensitive config prefilter, 0.15 s
lowered): byte patterns fold ASCII letters only, and ``bytes.lower`` lowers exactly those."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from scanner.discover import SourceFile
from scanner.discover.configs import PREFILTER as CONFIG_PREFILTER
from scanner.discover.infra import SHELL_PREFILTER
from scanner.discover.polyglot.detector import PREFILTER as POLYGLOT_PREFILTER

SAMPLES = [b"", b"MODEL_ID: x", b"Trust-Remote_Code: true", b"\xc4\xb0MODEL", b"mOdEl", b"nothing here", b"OLLAMA_HOST",
           b"@CF/meta", b"HF_TOKEN", b"\xff\xfe m\x00o\x00d\x00e\x00l", b"PIP install", b"DeepSeek", b"K\xe2\x84\xaaLVIN"]


@pytest.mark.parametrize("pattern", [CONFIG_PREFILTER, SHELL_PREFILTER, POLYGLOT_PREFILTER])
def test_lowered_search_equals_case_insensitive_search(pattern: re.Pattern[bytes]) -> None:
    assert not re.search(rb"[A-Z]", re.sub(rb"\\.", b"", pattern.pattern)), "a lowered text never holds an upper-case literal"
    folded = re.compile(b"(?i)" + pattern.pattern)
    rng = random.Random(19)
    alphabet = b"modelMODELollamaOLLAMAvllmVLLMpipPIPhf_HF_ .-/@:\n\xc3\xa9\xff"
    fuzz = [bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 24))) for _ in range(3000)]
    for data in SAMPLES + fuzz:
        assert (pattern.search(data.lower()) is not None) == (folded.search(data) is not None), data


def test_source_file_lowers_its_bytes_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"Model: X\n")
    src = SourceFile(root=tmp_path, relpath="a.yaml", size=9)
    assert src.lowered == b"model: x\n" and src.lowered is src.lowered
