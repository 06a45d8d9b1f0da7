"""Path globs for rules and ignore entries: `*` stays within a directory, `**` crosses directories."""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip()
    pattern = pattern[2:] if pattern.startswith("./") else pattern
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.lstrip("/")
    pattern = pattern.rstrip("/")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"  # a pattern without '/' matches at any depth, like .gitignore
    return re.compile(f"^{prefix}{body}(?:/.*)?$")  # a directory pattern matches everything under it


def path_matches(path: str, pattern: str) -> bool:
    """Whether the POSIX relative ``path`` matches the glob (or sits under a directory it matches)."""
    return _compile(pattern).match(path) is not None


def any_match(path: str, patterns: tuple[str, ...]) -> bool:
    return any(path_matches(path, p) for p in patterns)
