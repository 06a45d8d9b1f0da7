"""Walk a project tree: git's own file list when in a work tree, skip VCS/venv/vendored/build folders, never leave the root."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..pathglob import any_match

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env.d", "__pycache__", "node_modules", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", "dist", "build", ".eggs", ".idea",
        ".vscode", ".cache", ".ipynb_checkpoints", "vendor", "third_party", ".terraform", "target",
    }
)
ENV_MARKERS = ("pyvenv.cfg", "conda-meta")  # a folder holding one of these is a Python environment, not project code
GIT_TIMEOUT = 60.0
# Environment variables that would point git at another repository than the one holding the scanned root.
_GIT_ENV_OVERRIDES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


@dataclass(frozen=True, slots=True)
class WalkEntry:
    """A regular file to scan, with the stat fields the incremental cache compares."""

    relpath: str
    size: int
    mtime_ns: int = 0
    ctime_ns: int = 0
    inode: int = 0


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something the walker saw and deliberately did not read (symlink out of the root, unreadable folder...)."""

    relpath: str
    reason: str


class GitListing:
    """git's file list of ``root``, computed in a background thread while the caller loads other things."""

    def __init__(self, root: Path, *, timeout: float = GIT_TIMEOUT) -> None:
        self.root = root.resolve()
        self._names: list[str] | None = None
        self._thread = threading.Thread(target=self._run, args=(timeout,), name="aiscan-git-list", daemon=True)
        self._thread.start()

    def _run(self, timeout: float) -> None:
        self._names = git_list(self.root, timeout=timeout)

    def result(self) -> list[str] | None:
        self._thread.join()
        return self._names


def walk(
    root: Path, *, exclude: tuple[str, ...] = (), only: Iterable[str] | None = None, use_git: bool = True,
    listing: GitListing | None = None,
) -> Iterator[WalkEntry | Skipped]:
    """Files under ``root`` in a deterministic order, plus Skipped records; symlinks are never followed.

    ``only`` (pre-commit's staged files) restricts the walk to those paths, with the same skip rules. Otherwise,
    inside a git work tree git's own list is used (tracked + untracked, minus .gitignore'd); else os.walk.
    ``listing``, started earlier for the same root, saves waiting for git.
    """
    root = root.resolve()
    rules = _Rules(exclude)
    if only is not None:
        yield from _stat_all(root, sorted({r for r in (_relative(root, p) for p in only) if r is not None}), rules, listed=False)
        return
    if not use_git:
        listed = None
    elif listing is not None and listing.root == root:
        listed = listing.result()
    else:
        listed = git_list(root)
    if listed:
        rules.env_dirs = env_dirs_in(listed)
        yield from _stat_all(root, listed, rules, listed=True)
    else:
        yield from _os_walk(root, "", rules)


def iter_files(root: Path, *, exclude: tuple[str, ...] = (), only: tuple[str, ...] | None = None) -> Iterator[tuple[str, int]]:
    """(relative POSIX path, size) for every file :func:`walk` would scan (skipped items left out)."""
    for item in walk(root, exclude=exclude, only=only):
        if isinstance(item, WalkEntry):
            yield item.relpath, item.size


def git_list(root: Path, *, timeout: float = GIT_TIMEOUT) -> list[str] | None:
    """Paths under ``root`` that git tracks or would track (respects .gitignore), or None if git cannot say.

    The repository is untrusted input: fsmonitor (which runs a configured command) is switched off and no
    optional locks are taken; git is only asked to list names.
    """
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV_OVERRIDES}
    env["GIT_OPTIONAL_LOCKS"] = "0"
    cmd = ["git", "-c", "core.fsmonitor=false", "ls-files", "-c", "-o", "--exclude-standard", "-z"]
    try:
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    names = {os.fsdecode(raw) for raw in proc.stdout.split(b"\0") if raw}
    return sorted(names)


class _Rules:
    """Which folders and files the walk leaves out: default skip list, Python environments, exclude globs."""

    def __init__(self, exclude: tuple[str, ...], env_dirs: set[str] | None = None) -> None:
        self.exclude = tuple(exclude)
        self.env_dirs = env_dirs  # known from a file list; None: look at the disk
        self._dirs: dict[str, bool] = {}

    def excluded(self, rel: str) -> bool:
        return any_match(rel, self.exclude)  # gitwildmatch, the same dialect as the policy's paths:

    def dir_skipped(self, rel_dir: str, root: Path) -> bool:
        """Memoised: is this folder (relative, POSIX, "" for the root) or one of its parents left out?"""
        if not rel_dir:
            return False
        cached = self._dirs.get(rel_dir)
        if cached is None:
            parent, _, name = rel_dir.rpartition("/")
            cached = (
                self.dir_skipped(parent, root)
                or name in SKIP_DIRS
                or name.endswith(".egg-info")
                or self.excluded(rel_dir)
                or self._is_env(rel_dir, root)
            )
            self._dirs[rel_dir] = cached
        return cached

    def _is_env(self, rel_dir: str, root: Path) -> bool:
        if self.env_dirs is not None:
            return rel_dir in self.env_dirs
        base = f"{root}/{rel_dir}/"
        return any(os.path.lexists(base + marker) for marker in ENV_MARKERS)


def env_dirs_in(names: list[str]) -> set[str]:
    """Folders that a file list shows to be Python environments (they hold pyvenv.cfg or conda-meta/)."""
    found = set()
    for name in names:
        head, _, last = name.rpartition("/")
        if last == "pyvenv.cfg":
            found.add(head)
        elif "conda-meta/" in name:
            found.add(name.split("/conda-meta/", 1)[0] if not name.startswith("conda-meta/") else "")
    return found


def _relative(root: Path, given: str) -> str | None:
    full = Path(given) if os.path.isabs(given) else root / given
    try:
        rel = os.path.relpath(os.path.abspath(full), root).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return None
    if rel in (".", "..") or rel.startswith("../"):
        return None
    return rel


def _stat_all(root: Path, names: list[str], rules: _Rules, *, listed: bool) -> Iterator[WalkEntry | Skipped]:
    """lstat a list of relative paths (git's list or pre-commit's), applying the same rules as the tree walk."""
    base = str(root)
    lstat, is_reg, exclude = os.lstat, stat.S_ISREG, bool(rules.exclude)
    for rel in names:
        if rel.endswith("/"):
            rel = rel.rstrip("/")
        parent = rel.rpartition("/")[0]
        if (parent and rules.dir_skipped(parent, root)) or (exclude and rules.excluded(rel)):
            continue
        try:
            st = lstat(f"{base}/{rel}")
        except FileNotFoundError:
            continue  # tracked but deleted in the work tree, or a stale pre-commit name
        except OSError as exc:
            yield Skipped(rel, f"cannot stat: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(st.st_mode):
            # a submodule or an untracked nested repository: walk it like any folder
            if listed and not _Rules(rules.exclude).dir_skipped(rel, root):
                yield from _os_walk(root, rel, _Rules(rules.exclude))
            continue
        if is_reg(st.st_mode):  # the common case, inlined
            yield WalkEntry(rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            continue
        found = _entry(root, rel, st)
        if found is not None:
            yield found


def _os_walk(root: Path, start: str, rules: _Rules) -> Iterator[WalkEntry | Skipped]:
    skipped: list[Skipped] = []

    def onerror(exc: OSError) -> None:
        where = _relative(root, str(exc.filename)) if exc.filename else None
        skipped.append(Skipped(where or start or ".", f"cannot list folder: {exc.strerror or exc}"))

    top = root / start if start else root
    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror, followlinks=False):
        yield from skipped
        skipped.clear()
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        kept = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            if os.path.islink(os.path.join(dirpath, d)):
                item = _symlink(root, rel)
                if item is not None:
                    yield item
            elif not rules.dir_skipped(rel, root):
                kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if rules.excluded(rel):
                continue
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except FileNotFoundError:
                continue
            except OSError as exc:
                yield Skipped(rel, f"cannot stat: {exc.strerror or exc}")
                continue
            found = _entry(root, rel, st)
            if found is not None:
                yield found
    yield from skipped


def _entry(root: Path, rel: str, st: os.stat_result) -> WalkEntry | Skipped | None:
    if stat.S_ISREG(st.st_mode):
        return WalkEntry(rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    if stat.S_ISLNK(st.st_mode):
        return _symlink(root, rel)
    return Skipped(rel, "not a regular file (fifo, socket or device): not read")


def _symlink(root: Path, rel: str) -> Skipped | None:
    """Symlinks are never followed. Links that stay inside the root are silent (their target is walked anyway)."""
    path = root / rel
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as exc:
        if "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40:
            return Skipped(rel, "symlink loop: not followed")
        return Skipped(rel, "dangling symlink: not followed")
    try:
        Path(target).relative_to(root)
    except ValueError:
        return Skipped(rel, "symlink to outside the scanned root: not followed")
    return None
