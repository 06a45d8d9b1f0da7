"""One requirements file read with pip's own grammar (pip-requirements-parser), includes followed inside the root."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

# Bounds on ``-r``/``-c`` includes: how deep, how many files and how large each may be (pip itself has none).
MAX_DEPTH = 5
MAX_FILES = 32
MAX_BYTES = 2_000_000
_REQ_NAME = re.compile(r"^(requirements|constraints|requires)([-_.][\w.-]*)?\.(txt|in|pip)$", re.I)

# (relpath, line, canonical name, specifier, pinned, evidence)
Row = tuple[str, int | None, str, str, bool, str]


def read_requirements(root: Path, relpath: str, data: bytes) -> Iterator[Row]:
    """Requirements of ``relpath`` (bytes ``data``) and of the files it includes with ``-r``/``-c``: included files named
    like requirements files are scanned on their own and skipped here; paths leaving the root are never read."""
    seen = {relpath}
    queue: list[tuple[str, bytes, int]] = [(relpath, data, 0)]
    while queue:
        rel, content, depth = queue.pop(0)
        rows, includes = _parse(content)
        for line, name, spec, pinned, evidence in rows:
            yield rel, line, name, spec, pinned, evidence
        if depth >= MAX_DEPTH:
            continue
        for target in includes:
            child = _inside(root, rel, target)
            if child is None or child in seen or len(seen) >= MAX_FILES or _REQ_NAME.match(posixpath.basename(child)):
                continue
            seen.add(child)
            loaded = _load(root, child)
            if loaded is not None:
                queue.append((child, loaded, depth + 1))


def _inside(root: Path, rel: str, target: str) -> str | None:
    """The root-relative POSIX path of include ``target`` written in ``rel``, or None when it is a URL or leaves the root."""
    if "://" in target or target.startswith(("~", "/")):
        return None
    child = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target.replace("\\", "/")))
    if child.startswith("..") or child == ".":
        return None
    try:
        real_root = os.path.realpath(root)
        real = os.path.realpath(root / child)
    except (OSError, ValueError):
        return None
    return child if real.startswith(real_root + os.sep) else None  # a symlink out of the tree is not followed


def _load(root: Path, rel: str) -> bytes | None:
    """An included file, read as a capped regular file confined to the root (``scanner.safefile``), or None."""
    from ..errors import AiscanError
    from ..safefile import read_bytes

    try:
        return read_bytes(root / rel, what="requirements include", root=root, cap=MAX_BYTES)
    except (AiscanError, OSError, ValueError):
        return None


# pip-requirements-parser (pyparsing) costs ~0.5 ms a requirement line: past this many lines that may hold one, a
# file is read line by line by the fast parser below instead (a hostile file has hundreds of thousands).
MAX_GRAMMAR_LINES = 2000
MAX_LINE = 4096  # a longer line is no requirement pip would accept either (hashes go on continuation lines)
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")
_INCLUDE = re.compile(r"^(?:-r|-c|--requirement|--constraint)(?:[ \t]*=[ \t]*|[ \t]+|(?=[^ \t-]))(?P<target>\S+)")


def _parse(data: bytes) -> tuple[list[tuple[int | None, str, str, bool, str]], list[str]]:
    """Requirements (line, name, specifier, pinned, evidence) and include targets of one file's bytes."""
    from .reqparse import might_be_requirement

    lines = data[:MAX_BYTES].decode("utf-8", "replace").removeprefix("\ufeff").split("\n")  # pip drops a BOM too
    kept, continued = [], False
    for line in lines:  # lines that cannot hold a requirement are blanked (line numbers stay): pip's grammar is slow
        keep = len(line) <= MAX_LINE and (continued or might_be_requirement(line))
        kept.append(line if keep else "")
        continued = keep and line.rstrip("\r").endswith("\\")
    if sum(1 for line in kept if line) > MAX_GRAMMAR_LINES:
        return _parse_fast(kept)
    return _parse_grammar("\n".join(kept).encode("utf-8"))


def _parse_fast(lines: list[str]) -> tuple[list[tuple[int | None, str, str, bool, str]], list[str]]:
    """One requirement a line (continuations joined), for files too long for pip's grammar; linear and cheap."""
    from packaging.utils import canonicalize_name

    from .reqparse import parse_requirement

    rows: list[tuple[int | None, str, str, bool, str]] = []
    includes: list[str] = []
    buffer, first = "", 0
    for number, raw in enumerate(lines, start=1):
        text = raw.rstrip("\r")
        if not buffer:
            first = number
        if text.endswith("\\"):
            buffer += text[:-1]
            continue
        logical, buffer = (buffer + text).split(" #", 1)[0].split(" --", 1)[0].strip(), ""  # options (--hash) dropped
        include = _INCLUDE.match(logical)
        if include is not None:
            includes.append(include.group("target"))
            continue
        if _PLAIN_NAME.fullmatch(logical):  # a bare name: no need for the full PEP 508 parser
            rows.append((first, canonicalize_name(logical), "", False, logical[:200]))
            continue
        parsed = parse_requirement(logical)
        if parsed is not None:
            rows.append((first, parsed[0], parsed[1], parsed[2], logical[:200]))
    return rows, includes


def _parse_grammar(data: bytes) -> tuple[list[tuple[int | None, str, str, bool, str]], list[str]]:
    """pip's own grammar (options, hashes, markers, editables) through pip-requirements-parser."""
    import tempfile

    from packaging.utils import canonicalize_name
    from pip_requirements_parser import RequirementsFile  # heavy (pyparsing): only when a requirements file is read

    # The parser reads a path (it is pip's file reader): a private copy, so no other file of the tree is ever opened.
    with tempfile.TemporaryDirectory(prefix="aiscan-req-") as tmp:
        copy = os.path.join(tmp, "requirements.txt")
        with open(copy, "wb") as handle:
            handle.write(data[:MAX_BYTES])
        try:
            parsed = RequirementsFile.from_file(copy, include_nested=False)
        except Exception:  # noqa: BLE001 - a third-party parser on untrusted text: any failure means "not understood"
            return [], []
    rows: list[tuple[int | None, str, str, bool, str]] = []
    for req in parsed.requirements:
        if not req.name:
            continue  # a local path or a URL without a project name
        try:
            spec = str(req.specifier or "")
            name = canonicalize_name(req.name)
        except Exception:  # noqa: BLE001, S112 - an entry pip-requirements-parser half-parsed: left out
            continue
        specs = list(req.specifier or ())
        pinned = len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in spec and not req.is_editable
        evidence = " ".join(str(req.line or "").split())
        rows.append((req.line_number, name, spec, pinned, evidence[:200]))
    includes: list[str] = []
    for option in parsed.options:
        for key in ("requirements", "constraints"):
            value = option.options.get(key)
            if isinstance(value, list):
                includes.extend(str(v) for v in value)
            elif isinstance(value, str):
                includes.append(value)
    return rows, includes
