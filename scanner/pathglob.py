"""The one glob dialect of every path pattern (walker ``exclude:``, policy ``paths:``, ignores): gitwildmatch via pathspec."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

MAX_PATTERN = 512  # longer patterns are not compiled (they match nothing)


def _clean(pattern: str) -> str:
    text = pattern.strip()
    while text.startswith("./"):
        text = text[2:]
    return text


@functools.lru_cache(maxsize=512)
def _spec(patterns: tuple[str, ...]) -> Any:
    """A compiled GitIgnoreSpec of ``patterns``; a pattern pathspec rejects is left out (it matches nothing)."""
    import pathspec  # imported on first use: most scans never match a pattern

    kept: list[str] = []
    for pattern in patterns:
        text = _clean(pattern)
        if not text or len(text) > MAX_PATTERN:
            continue
        try:
            pathspec.GitIgnoreSpec.from_lines([text])
        except Exception:  # noqa: BLE001, S112 - pathspec raises several types for a malformed pattern
            continue
        kept.append(text)
    return pathspec.GitIgnoreSpec.from_lines(kept)


def path_matches(path: str, pattern: str) -> bool:
    """Whether the POSIX relative ``path`` matches ``pattern`` (gitignore rules: a pattern without ``/`` matches at any
    depth, ``*`` stays within a directory, ``**`` crosses directories, a directory pattern covers what is under it)."""
    return any_match(path, (pattern,))


def any_match(path: str, patterns: Iterable[str]) -> bool:
    """Whether ``path`` matches the patterns read as one gitignore file (a later ``!pattern`` re-includes)."""
    key = tuple(patterns)
    if not key:
        return False
    return bool(_spec(key).match_file(path.lstrip("/")))
