"""Walk a project tree: skip VCS, virtual environments, vendored and build folders; never leave the root."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env.d", "__pycache__", "node_modules", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", "dist", "build", ".eggs", ".idea",
        ".vscode", ".cache", ".ipynb_checkpoints", "vendor", "third_party", ".terraform", "target",
    }
)


def iter_files(root: Path, *, exclude: tuple[str, ...] = ()) -> Iterator[tuple[str, int]]:
    """Yield (relative POSIX path, size) for every regular file under root; symlinks are not followed."""
    root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and not d.endswith(".egg-info")
            and not _excluded(f"{rel_dir}/{d}" if rel_dir else d, exclude)
        )
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if _excluded(rel, exclude):
                continue
            full = os.path.join(dirpath, name)
            try:
                st = os.lstat(full)
            except OSError:
                continue
            if not _is_regular(st.st_mode):
                continue
            yield rel, st.st_size


def _is_regular(mode: int) -> bool:
    import stat

    return stat.S_ISREG(mode)


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*") for p in patterns)
