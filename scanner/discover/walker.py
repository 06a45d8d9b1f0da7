"""Walk a project tree: git's own file list when in a work tree, never leave the root, skip a folder only when its
layout proves what it is (a real virtual environment, an installed node_modules...), and say so for each one."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..pathglob import any_match
from ..records import record
from .layout import VCS_DIRS, environment_reason, has_env_marker, skip_reason

GIT_TIMEOUT = 60.0
HIDDEN_MAX_FILES = 20_000  # files under skipped folders handed to the engine's second pass, per walk
# Environment variables that would point git at another repository than the one holding the scanned root.
_GIT_ENV_OVERRIDES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


@record(frozen=True, slots=True)
class WalkEntry:
    """A regular file to scan, with the stat fields the incremental cache compares."""

    relpath: str
    size: int
    mtime_ns: int = 0
    ctime_ns: int = 0
    inode: int = 0
    hidden: str = ""  # the skipped folder it sits in: only the second pass (model files, trust_remote_code) reads it


@record(frozen=True, slots=True)
class Skipped:
    """Something the walker saw and deliberately did not read (symlink out of the root, unreadable folder...).

    ``folder`` marks a folder left out as a whole (its reason proven by layout or given by an exclude pattern);
    ``files`` is how many files it holds and ``handed`` how many of them went to the second pass."""

    relpath: str
    reason: str
    folder: bool = False
    files: int = 0
    handed: int = 0


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
    ``listing``, started earlier for the same root, saves waiting for git. Files under a skipped folder come as
    entries marked ``hidden`` (for the engine's second pass); each skipped folder ends the walk as a Skipped record.
    """
    root = root.resolve()
    rules = _Rules(exclude, str(root))
    if only is not None:
        yield from _stat_all(root, sorted({r for r in (_relative(root, p) for p in only) if r is not None}), rules, listed=False)
    else:
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
    yield from rules.folder_records()


def iter_files(root: Path, *, exclude: tuple[str, ...] = (), only: tuple[str, ...] | None = None) -> Iterator[tuple[str, int]]:
    """(relative POSIX path, size) for every file :func:`walk` would scan (skipped items left out)."""
    for item in walk(root, exclude=exclude, only=only):
        if isinstance(item, WalkEntry) and not item.hidden:
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


_UNSEEN = "\0"


class _Rules:
    """Which folders and files the walk leaves out (proven layouts, exclude globs), and what each held."""

    def __init__(self, exclude: tuple[str, ...], root: str, env_dirs: set[str] | None = None) -> None:
        self.exclude = tuple(exclude)
        self.root = root
        self.env_dirs = env_dirs  # known from a file list; None: look at the disk
        self._top: dict[str, str | None] = {}  # folder -> the skipped folder holding it (itself or an ancestor)
        self.folders: dict[str, list[Any]] = {}  # skipped folder -> [reason, files, handed, capped]
        self.handed = [0]  # shared with sibling rules (nested repositories walked from a git list)

    def on_disk(self) -> _Rules:
        """The same rules for a folder walked on disk (a nested repository): environments looked up on disk."""
        other = _Rules(self.exclude, self.root)
        other.folders, other.handed = self.folders, self.handed
        return other

    def excluded_by(self, rel: str) -> str | None:
        if not self.exclude or not any_match(rel, self.exclude):  # gitwildmatch, the same dialect as the policy's paths:
            return None
        return next((p for p in self.exclude if any_match(rel, (p,))), self.exclude[0])

    def excluded(self, rel: str) -> bool:
        return self.excluded_by(rel) is not None

    def dir_skipped(self, rel_dir: str, root: Path | None = None) -> bool:
        return self.skipped_under(rel_dir) is not None

    def skipped_under(self, rel_dir: str) -> str | None:
        """The skipped folder that is ``rel_dir`` or holds it, else None (memoised, iterative: any depth)."""
        if not rel_dir:
            return None
        cached = self._top.get(rel_dir, _UNSEEN)
        if cached != _UNSEEN:
            return cached
        top: str | None = None
        current = ""
        for name in rel_dir.split("/"):
            current = f"{current}/{name}" if current else name
            known = self._top.get(current, _UNSEEN)
            if known != _UNSEEN:
                top = known
                continue
            if top is None:
                reason = self._reason(current, name)
                if reason is not None:
                    top = current
                    self.folders[current] = [reason, 0, 0, False]
            self._top[current] = top
        return top

    def _reason(self, rel_dir: str, name: str) -> str | None:
        reason = skip_reason(self.root, rel_dir, name)
        if reason is not None:
            return reason
        pattern = self.excluded_by(rel_dir)
        if pattern is not None:
            return f"excluded by pattern {pattern!r}"
        marked = rel_dir in self.env_dirs if self.env_dirs is not None else has_env_marker(self.root, rel_dir)
        return environment_reason(self.root, rel_dir) if marked else None

    def hidden(self, top: str, rel: str, st: os.stat_result | None) -> WalkEntry | None:
        """Count a file under a skipped folder; its entry for the second pass (bounded), or None."""
        record = self.folders[top]
        record[1] += 1
        if st is None or not stat.S_ISREG(st.st_mode) or top.rpartition("/")[2] in VCS_DIRS:
            return None
        if self.handed[0] >= HIDDEN_MAX_FILES:
            record[3] = True
            return None
        record[2] += 1
        self.handed[0] += 1
        return WalkEntry(rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, hidden=top)

    def folder_records(self) -> Iterator[Skipped]:
        for top, (reason, files, handed, capped) in sorted(self.folders.items()):
            note = f" (second pass stopped at its cap of {HIDDEN_MAX_FILES} files)" if capped else ""
            yield Skipped(top, reason + note, folder=True, files=files, handed=handed)


def env_dirs_in(names: list[str]) -> set[str]:
    """Folders that a file list shows may be Python environments (they hold pyvenv.cfg or conda-meta/)."""
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


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _stat_all(root: Path, names: list[str], rules: _Rules, *, listed: bool) -> Iterator[WalkEntry | Skipped]:
    """lstat a list of relative paths (git's list or pre-commit's), applying the same rules as the tree walk."""
    base = str(root)
    lstat, is_reg, exclude = os.lstat, stat.S_ISREG, bool(rules.exclude)
    for rel in names:
        if rel.endswith("/"):
            rel = rel.rstrip("/")
        parent = rel.rpartition("/")[0]
        top = rules.skipped_under(parent) if parent else None
        if top is not None:
            hidden = rules.hidden(top, rel, None if top.rpartition("/")[2] in VCS_DIRS else _lstat(f"{base}/{rel}"))
            if hidden is not None:
                yield hidden
            continue
        pattern = rules.excluded_by(rel) if exclude else None
        if pattern is not None:
            yield Skipped(rel, f"excluded by pattern {pattern!r}")
            st_ex = _lstat(f"{base}/{rel}")
            if st_ex is not None and is_reg(st_ex.st_mode):  # still inspected by the second pass
                yield WalkEntry(rel, st_ex.st_size, st_ex.st_mtime_ns, st_ex.st_ctime_ns, st_ex.st_ino, hidden=rel)
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
            if listed:
                disk = rules.on_disk()
                if disk.skipped_under(rel) is None:
                    yield from _os_walk(root, rel, disk)
                else:
                    yield from _hidden_walk(root, rel, disk)
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
            elif rules.skipped_under(rel) is None:
                kept.append(d)
            else:
                yield from _hidden_walk(root, rel, rules)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            pattern = rules.excluded_by(rel) if rules.exclude else None
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except FileNotFoundError:
                continue
            except OSError as exc:
                yield Skipped(rel, f"cannot stat: {exc.strerror or exc}")
                continue
            if pattern is not None:
                yield Skipped(rel, f"excluded by pattern {pattern!r}")
                if stat.S_ISREG(st.st_mode):  # still inspected by the second pass
                    yield WalkEntry(rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, hidden=rel)
                continue
            found = _entry(root, rel, st)
            if found is not None:
                yield found
    yield from skipped


def _hidden_walk(root: Path, top: str, rules: _Rules) -> Iterator[WalkEntry]:
    """The files of a skipped folder, for the second pass; stops once the per-walk cap is spent (counts so far kept)."""
    if top.rpartition("/")[2] in VCS_DIRS:
        return
    for dirpath, dirnames, filenames in os.walk(root / top, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in VCS_DIRS)
        for name in sorted(filenames):
            if rules.handed[0] >= HIDDEN_MAX_FILES:
                rules.folders[top][3] = True
                return
            rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
            entry = rules.hidden(top, rel, _lstat(os.path.join(dirpath, name)))
            if entry is not None:
                yield entry


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
