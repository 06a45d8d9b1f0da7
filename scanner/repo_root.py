"""Where the scanned folder sits in its git repository (walking up for ``.git``; git itself is never run)."""

from __future__ import annotations

from pathlib import Path

MAX_LEVELS = 64  # a deeper tree than this is not a checkout we can place; fall back to the scan root


def repository_prefix(root: Path) -> str:
    """POSIX path of ``root`` relative to the nearest enclosing git top level ("" at the top or outside git).

    A ``.git`` directory (a checkout) or file (a worktree or submodule: ``gitdir: ...``) marks the top level;
    a bare ``.git`` anything else is ignored. Only names are looked at: no git command, no config read.
    """
    try:
        start = root.resolve()
    except (OSError, RuntimeError):
        return ""
    if not start.is_dir():
        start = start.parent
    for level, candidate in enumerate((start, *start.parents)):
        if level > MAX_LEVELS:
            break
        marker = candidate / ".git"
        try:
            if marker.is_dir() or (marker.is_file() and marker.stat().st_size < 4096):
                rel = start.relative_to(candidate).as_posix()
                return "" if rel == "." else rel
        except OSError:
            continue
    return ""
