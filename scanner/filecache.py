"""Incremental per-file result cache: one sqlite file per scanned root, keyed by path + content hash + tool fingerprint."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .records import record
from .sha import blake2b, sha256

if TYPE_CHECKING:
    import sqlite3

FORMAT = "2"
RACY_NS = 2_000_000_000  # files modified this close to the scan are re-hashed next time (git's "racy clean" rule)


@record(frozen=True, slots=True)
class Row:
    """What the cache remembers about one file: its stat signature, content digest and encoded result."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    digest: str | None
    payload: str  # JSON of the file's result; "" when the file yielded nothing
    deps: str = ""  # JSON {relpath: digest} of the other files the result used (a sibling module's constants)


def default_cache_root(cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aiscan"


def digest_bytes(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def code_files() -> list[tuple[str, str]]:
    """(name, path) of every file whose content shapes per-file results: the package's code and bundled rules, in the
    order of their relative paths' parts (os.scandir, not pathlib: this runs at the start of every scan)."""
    import scanner

    from .data import rules_dir

    out: list[tuple[str, str]] = []
    for base, suffix in ((os.path.dirname(scanner.__file__ or ""), ".py"), (str(rules_dir()), ".yaml")):
        found: list[tuple[tuple[str, ...], str]] = []
        _collect(base, (), suffix, found)
        found.sort()
        out.extend(("/".join(parts), path) for parts, path in found)
    return out


def _collect(folder: str, parts: tuple[str, ...], suffix: str, out: list[tuple[tuple[str, ...], str]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _collect(entry.path, (*parts, entry.name), suffix, out)
            elif entry.name.endswith(suffix):
                out.append(((*parts, entry.name), entry.path))
        except OSError:
            continue


def _content_digest(files: list[tuple[str, str]]) -> str:
    h = blake2b(digest_size=16)
    for name, path in files:
        try:
            with open(path, "rb") as handle:
                h.update(name.encode() + b"\0" + handle.read())
        except OSError:
            continue
    return h.hexdigest()


def code_fingerprint(memo_dir: Path | None) -> str:
    """Hash of the code and rules' contents; remembered in ``memo_dir`` under their stat signatures, so unchanged
    files are not re-read on every run (any edit moves size, mtime, ctime or inode, and the contents are hashed)."""
    files = code_files()
    stats: list[list[object]] = []
    newest = 0
    for _name, path in files:
        try:
            st = os.stat(path)
        except OSError:
            stats.append([str(path)])
            continue
        stats.append([str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
        newest = max(newest, st.st_mtime_ns)
    signature = blake2b(json.dumps([FORMAT, stats]).encode(), digest_size=16).hexdigest()
    memo = memo_dir / "code-fingerprint.json" if memo_dir is not None else None
    if memo is not None:
        try:
            stored = json.loads(memo.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("signature") == signature and isinstance(stored.get("digest"), str):
                return str(stored["digest"])
        except (OSError, ValueError):
            pass
    digest = _content_digest(files)
    if memo is not None and newest < time.time_ns() - RACY_NS:  # an mtime of "now" may not move on the next edit
        tmp = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"signature": signature, "digest": digest}), encoding="utf-8")
            os.replace(tmp, memo)
        except OSError:
            pass
    return digest


def tool_fingerprint(extra: Mapping[str, Any], memo_dir: Path | None = None) -> str:
    """Changes whenever the code or bundled data that produce per-file results change, or the relevant config does."""
    h = blake2b(digest_size=16)
    h.update(f"{FORMAT}|{__version__}|{sys.version_info[:2]}|".encode())
    h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    h.update(code_fingerprint(memo_dir).encode())
    return h.hexdigest()


def encode_deps(deps: Mapping[str, str]) -> str:
    return json.dumps(dict(sorted(deps.items())), separators=(",", ":")) if deps else ""


def decode_deps(text: str) -> dict[str, str] | None:
    """{relpath: digest}; None when the column is unreadable (then the row is not trusted)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return value


class FileCache:
    """Loads every row of one root up front (one query), writes changed rows and drops stale ones on close."""

    def __init__(self, db_path: Path, fingerprint: str) -> None:
        self.path = db_path
        self.rows: dict[str, Row] = {}
        self._dirty: dict[str, Row] = {}
        self._started_ns = time.time_ns()
        import sqlite3  # here, not at import: default_cache_root is all the registry and policy loads need

        db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(fingerprint)
        except sqlite3.DatabaseError:  # corrupt or foreign file: start over
            db_path.unlink(missing_ok=True)
            self._db = self._open(fingerprint)
        for relpath, *fields in self._db.execute("SELECT relpath, size, mtime_ns, ctime_ns, inode, digest, payload, deps FROM files"):
            self.rows[relpath] = Row(*fields)

    @classmethod
    def for_root(cls, root: Path, cache_dir: Path | None, extra: Mapping[str, Any]) -> FileCache | None:
        """The cache of ``root``, or None when it cannot be opened (read-only home, locked db): scans never fail on it."""
        import sqlite3

        key = sha256(str(root.resolve()).encode()).hexdigest()[:24]
        try:
            base = default_cache_root(cache_dir)
            return cls(base / "files" / f"{key}.v{FORMAT}.sqlite", tool_fingerprint(extra, base))
        except (OSError, sqlite3.Error):
            return None

    def _open(self, fingerprint: str) -> sqlite3.Connection:
        import sqlite3

        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS files (relpath TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,"
            " inode INTEGER, digest TEXT, payload TEXT, deps TEXT) WITHOUT ROWID"
        )
        found = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if found is None or found[0] != fingerprint:
            db.execute("BEGIN")
            db.execute("DELETE FROM files")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
            db.execute("COMMIT")
        return db

    def fresh(self, relpath: str, size: int, mtime_ns: int, ctime_ns: int, inode: int) -> Row | None:
        """The row, if the file's stat signature is unchanged since it was stored (no read, no hash)."""
        row = self.rows.get(relpath)
        if row is None or row.mtime_ns == 0:
            return None
        if (row.size, row.mtime_ns, row.ctime_ns, row.inode) != (size, mtime_ns, ctime_ns, inode):
            return None
        return row

    def put(
        self, relpath: str, size: int, mtime_ns: int, ctime_ns: int, inode: int, digest: str | None, payload: str, deps: str = ""
    ) -> None:
        if mtime_ns > self._started_ns - RACY_NS:
            mtime_ns = ctime_ns = inode = 0  # could still change within the clock's granularity: verify by hash next time
        row = Row(size, mtime_ns, ctime_ns, inode, digest, payload, deps)
        if self.rows.get(relpath) != row:
            self._dirty[relpath] = row

    def close(self, seen: Iterable[str] | None) -> None:
        """Write changed rows; with ``seen`` (a full walk), delete rows of files that no longer exist."""
        import sqlite3

        try:
            stale = sorted(set(self.rows) - set(seen)) if seen is not None else []
            if self._dirty or stale:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM files WHERE relpath = ?", ((r,) for r in stale))
                self._db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((p, r.size, r.mtime_ns, r.ctime_ns, r.inode, r.digest, r.payload, r.deps) for p, r in self._dirty.items()),
                )
                self._db.execute("COMMIT")
        except sqlite3.Error:
            pass  # another scan holds the lock or the disk is full: the next scan recomputes
        finally:
            self._dirty.clear()
            self._db.close()
