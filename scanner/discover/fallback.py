"""Parser-free scan for files the detectors could not fully read: quoted model ids on loader lines, trust_remote_code.

Line-based, linear (every regex has bounded repetition and no nested quantifiers), capped in bytes and lines, so a
file nothing can parse (newer syntax, a syntax error, a broken notebook or YAML, over the size cap, out of time)
still gives its references. Results are marked with the ``fallback`` detector and a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import RefKind
from .base import Hit
from .classify import classify
from .failclosed import MAX_BYTES  # defined there: the engine imports failclosed, not this module, at start-up
from .lines import python_lines, text_lines

MAX_LINES = 500_000
MAX_PER_LINE = 50  # candidate strings looked at on one line
HIT_KINDS = frozenset({RefKind.HF_MODEL, RefKind.HF_DATASET, RefKind.MODELSCOPE_MODEL, RefKind.OLLAMA, RefKind.API_MODEL})

# A quoted string with no quote, backslash or space inside, 2-200 characters: bounded, so linear on any line.
_QUOTED = re.compile(r"""(?P<q>\\?["'`])(?P<s>[^"'`\\\s]{2,200})(?P=q)""")  # \" too: JSON strings hold code
# An unquoted config value after a model-ish key: ``model: org/name``, ``--model org/name``, ``MODEL=org/name``.
_KEYED = re.compile(r"""(?i)(?:^|[\s{,;"'-])[\w.-]{0,40}(?:model|pretrained|checkpoint|repo_id|tokenizer|llm|embed)[\w.-]{0,20}"""
                    r"""["']?\s{0,4}[:=\s]\s{0,4}(?P<s>[A-Za-z0-9][\w.:/@-]{1,199})""")
# A model named by a command's verb: ``ollama pull x``, ``hf download org/name``, ``vllm serve org/name``.
_COMMAND = re.compile(r"""(?i)(?:ollama\s{1,4}(?:pull|run)|(?:huggingface-cli|hf|modelscope)\s{1,4}download|vllm\s{1,4}serve)"""
                      r"""\s{1,4}(?P<s>[A-Za-z0-9][\w.:/@-]{1,199})""")
# Words that make a quoted id on the same line a model reference (loader calls, model keys, download commands);
# looked up with ``in`` on the lower-cased line (a regex alternation costs ~20 steps a character on a 10 MB line).
SINK_WORDS = ("pretrained", "pipeline", "download", "transformer", "model", "llm", "embed", "tokenizer", "checkpoint",
              "repo_id", "ollama", "serve", "pull", "chat", "completion", "client", "encoder", "reranker", "hub")
_REMOTE = re.compile(r"""(?i)trust[_-]remote[_-]code["']?\s{0,4}(?:=|:|\s)\s{0,4}["']?(?:true|1|yes|on)\b""")
_NOT_IDS = ("application/", "text/", "image/", "audio/", "video/", "multipart/", "font/", "http/", "utf-", "and/or")


def fallback_hits(data: bytes, python: bool, first_line: int = 1) -> Iterator[Hit]:
    """Hits found in ``data`` without a parser; ``python`` picks Python's line endings (else \\n); ``first_line`` is
    the number of the first line of ``data`` (a chunk of a larger file)."""
    text = data[:MAX_BYTES].decode("utf-8-sig", errors="replace")
    lines = python_lines(text) if python else text_lines(text)
    seen: set[tuple[RefKind, str, int]] = set()
    for number, line in enumerate(lines[:MAX_LINES], start=first_line):
        lowered = line.lower()
        remote = "remote" in lowered and _REMOTE.search(line) is not None
        found_here = False
        if any(word in lowered for word in SINK_WORDS):
            for candidate in _candidates(line):
                found = classify(candidate, "generic")
                if found is None or found.kind not in HIT_KINDS or candidate.lower().startswith(_NOT_IDS):
                    continue
                key = (found.kind, found.identifier, number)
                if key in seen:
                    continue
                seen.add(key)
                found_here = True
                yield Hit(kind=found.kind, identifier=found.identifier, line=number, via="", evidence=line.strip()[:200],
                          provider=found.provider, revision=found.revision, confidence="low", trust_remote_code=remote)
        if remote and not found_here:
            yield remote_hit(line, number)


def remote_hits(data: bytes, python: bool) -> Iterator[Hit]:
    """Only the ``trust_remote_code`` switches of a file (the second pass over skipped folders)."""
    if b"trust" not in data.lower():
        return
    text = data[:MAX_BYTES].decode("utf-8-sig", errors="replace")
    lines = python_lines(text) if python else text_lines(text)
    for number, line in enumerate(lines[:MAX_LINES], start=1):
        if _REMOTE.search(line) is not None:
            ids = [f for f in (classify(c, "generic") for c in _candidates(line)) if f is not None and f.kind in HIT_KINDS]
            if ids:
                yield Hit(kind=ids[0].kind, identifier=ids[0].identifier, line=number, via="trust_remote_code",
                          evidence=line.strip()[:200], confidence="low", trust_remote_code=True)
            else:
                yield remote_hit(line, number)


def remote_hit(line: str, number: int) -> Hit:
    """Remote code switched on where no model id can be read: a model slot named by its place."""
    return Hit(kind=RefKind.MODEL_SLOT, identifier="model (id not readable)", line=number, via="trust_remote_code",
               evidence=line.strip()[:200], confidence="low", trust_remote_code=True)


def _candidates(line: str) -> list[str]:
    out = [m.group("s") for _, m in zip(range(MAX_PER_LINE), _QUOTED.finditer(line), strict=False)]
    out.extend(m.group("s").rstrip(".,;:") for _, m in zip(range(MAX_PER_LINE), _KEYED.finditer(line), strict=False))
    lowered = line.lower()
    if "download" in lowered or "pull" in lowered or "run" in lowered or "serve" in lowered:
        out.extend(m.group("s").rstrip(".,;") for _, m in zip(range(MAX_PER_LINE), _COMMAND.finditer(line), strict=False))
    return out
