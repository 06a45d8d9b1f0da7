"""Inline suppressions: `aiscan: ignore[RULE-ID] reason` in a comment on a finding's line or the line above."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from ..discover.lines import lines_for, python_lines
from ..models import Location
from ..records import record

# A comment marker (#, //, --, /*, <!--, ;) then "aiscan: ignore", optional [ID, ID...], optional reason.
INLINE = re.compile(
    r"(?:#|//|--|/\*|<!--|;)\s*aiscan\s*:\s*ignore\b(?:\[(?P<ids>[^\]]*)\])?(?P<reason>.*)$",
    re.IGNORECASE,
)
NOTEBOOK_CELL_BASE = 1  # Location.cell numbers notebook cells from 1 (as shown to users)
MAX_BYTES = 5 * 1024 * 1024


@record(frozen=True, slots=True)
class InlineIgnore:
    """One inline ignore comment; ``rules`` is empty for a bare ignore (which suppresses nothing)."""

    path: str
    line: int
    rules: tuple[str, ...]
    reason: str


def parse_line(text: str) -> tuple[tuple[str, ...], str] | None:
    """The rule ids and reason of an ignore comment on this line, or None when there is none."""
    match = INLINE.search(text)
    if match is None:
        return None
    ids = tuple(i.strip() for i in (match.group("ids") or "").split(",") if i.strip())
    reason = match.group("reason")
    for closer in ("-->", "*/"):
        reason = reason.split(closer, 1)[0]
    return ids, reason.strip(" \t:-—")


class SourceLines:
    """Lines of project files, read lazily and at most once each (only files that have findings are read)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[tuple[str, int | None], list[str]] = {}
        self.reads = 0

    def lines(self, path: str, cell: int | None = None) -> list[str]:
        key = (path, cell if path.endswith(".ipynb") else None)
        if key not in self._cache:
            self._load(path)
        return self._cache.get(key, [])

    def _load(self, path: str) -> None:
        self.reads += 1
        target = self.root / path if self.root.is_dir() else self.root
        try:
            text = _read_regular(target)
        except OSError:
            self._cache[(path, None)] = []
            return
        self._cache[(path, None)] = lines_for(path, text)  # as the file's language counts lines (never U+2028)
        if path.endswith(".ipynb"):
            for index, source in enumerate(_notebook_cells(text)):
                self._cache[(path, index + NOTEBOOK_CELL_BASE)] = source

    def ignores_at(self, location: Location) -> list[InlineIgnore]:
        """Ignore comments on the location's line or on the line above it."""
        if location.line is None:
            return []
        lines = self.lines(location.path, location.cell)
        found: list[InlineIgnore] = []
        for number in (location.line, location.line - 1):
            if 1 <= number <= len(lines):
                parsed = parse_line(lines[number - 1])
                if parsed is not None:
                    found.append(InlineIgnore(location.path, number, parsed[0], parsed[1]))
        return found


def _read_regular(target: Path) -> str:
    """Up to MAX_BYTES of a regular file; never blocks on a fifo or device, never follows a symlink."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"not a regular file: {target}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_BYTES).decode("utf-8", errors="replace")
    finally:
        os.close(fd)


def _notebook_cells(text: str) -> Iterable[list[str]]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    cells = data.get("cells") if isinstance(data, dict) else None
    out: list[list[str]] = []
    for cell in cells if isinstance(cells, list) else []:
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        source = "".join(source) if isinstance(source, list) else str(source)
        out.append(python_lines(source))
    return out
