"""File-scanning engine: walked files -> References, ModelFiles and ScanErrors; serial or in a process pool, cached."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import ScanConfig
from ..models import Coverage, FileGap, ModelFile, Reference, ScanError
from ..records import record
from ..timebudget import FileTimeout, armed, budget_seconds, limit, scan_budget_seconds
from . import SourceFile
from .base import CODE_SUFFIXES as BASE_CODE_SUFFIXES
from .coverage import CoverageBuilder, language_of, walk_reason
from .cutshort import recording
from .failclosed import (
    HIDDEN_MAX_BYTES,
    STREAM_SECONDS,
    fallback_references,
    gap_records,
    hidden_remote_references,
    read_head,
    stream_fallback,
    wants_hidden_text,
)
from .ids import is_model_file_name
from .refcap import ReferenceCap
from .walker import GitListing, Skipped, WalkEntry, walk

if TYPE_CHECKING:
    from ..filecache import FileCache

PARALLEL_MIN_FILES = 3000  # this many files to (re)scan always take a pool
# Estimated work (bytes of Python, other text weighted less) that pays for a pool: ~1.5 s of analysis on one core for
# 1 MB of real Python (smolagents, FastChat: 1.2 MB), against a few tens of ms to fork workers that already hold the
# detectors (imported before the fork).
PARALLEL_MIN_WORK = 1024 * 1024
MIN_CHUNK_WORK = 128 * 1024  # pool chunks: about four per worker, of at least this much work each
# Parsed and walked (ast for Python and notebooks, tree-sitter for the other languages): the expensive part. A
# TypeScript file costs about 0.6 ms/KB of CPU, Python about 1 ms/KB (vercel/ai, peft).
CODE_SUFFIXES = tuple(sorted({".ipynb", *BASE_CODE_SUFFIXES}))
DEP_MAX_BYTES = 4 * 1024 * 1024  # a dependency is hashed on at most this many bytes (pyimports reads 256 KiB)
CHUNK_FILES = 200
CHUNK_BYTES = 2 * 1024 * 1024
# Gaps that follow from the file's bytes alone (the cache fingerprint holds the Python version, the tool and the size
# cap): such a file is cached. Not here: timeout, detector-error, read-error, too-deep (MemoryError shares it).
STABLE_GAPS = frozenset({"syntax-error", "newer-syntax", "decode-error", "invalid-source", "invalid-json", "invalid-yaml", "invalid-toml",
                         "invalid-config", "invalid-notebook", "reference-cap", "too-many-nodes", "token-cap", "value-cap",
                         "package-cap", "cell-cap", "invalid-ini"})  # caps and parse failures of the file's own bytes (cutshort)
ONLY_CACHE_MIN = 200  # pre-commit runs on fewer files than this skip the cache (loading it costs more)
_HAS_DOCS_FLAG = "include_docs" in {f.name for f in dataclasses.fields(SourceFile)}


@record(frozen=True, slots=True)
class FileResult:
    """Everything one file produced."""

    references: tuple[Reference, ...] = ()
    model_file: ModelFile | None = None
    errors: tuple[ScanError, ...] = ()
    gaps: tuple[FileGap, ...] = ()  # not fully analysed: why (the fallback scan's references are in ``references``)
    language: str = ""  # what it was analysed as ("" when no detector reads files of this kind)


@record(frozen=True, slots=True)
class Outcome:
    """A worker's answer for one file; ``result`` None means "content unchanged since the cached digest"."""

    relpath: str
    digest: str | None
    result: FileResult | None
    cacheable: bool = True
    deps: tuple[tuple[str, str], ...] = ()  # (relpath, digest) of each other file the result used


@record(frozen=False, slots=True)
class EngineStats:
    """Counters for benchmarks and --debug output."""

    files: int = 0
    skipped: int = 0
    cache_hits: int = 0
    digest_hits: int = 0
    scanned: int = 0
    workers: int = 1
    seconds: dict[str, float] = field(default_factory=dict)


@record(frozen=True, slots=True)
class FilesOutput:
    references: tuple[Reference, ...]
    files: tuple[ModelFile, ...]
    errors: tuple[ScanError, ...]
    stats: EngineStats
    coverage: Coverage = Coverage()


def scan_one(
    root: Path, entry: WalkEntry, *, max_file_size: int, want_digest: bool, known_digest: str | None = None,
    timings: dict[str, float] | None = None, include_docs: bool = False, budget: float = 0.0, dep_digests: dict[str, str] | None = None,
) -> Outcome:
    """Scan one file: inspect it if it is a model file, else run every detector that wants it on bytes read once."""
    from ..formats import inspect_path, is_candidate, model_file_reference

    rel = entry.relpath
    src = SourceFile(root=root, relpath=rel, size=entry.size)
    if entry.hidden and not (is_model_file_name(rel) or is_candidate(rel)):
        return _scan_hidden(src, max_file_size)
    if _HAS_DOCS_FLAG:
        setattr(src, "include_docs", include_docs)  # noqa: B010 - the field arrives with the Markdown detector
    named = is_model_file_name(rel)
    candidate = named or is_candidate(rel)
    if candidate:  # content decides the format (magic bytes), the name only whether to look
        try:
            with limit(budget, budget > 0):
                inspected = inspect_path(src.abspath, rel, entry.size, named_as_model=named)
        except FileTimeout:
            from ..formats import timed_out  # fail closed when the format can run code (issue 14)

            return Outcome(rel, None, FileResult(model_file=timed_out(src.abspath, rel, entry.size, budget), language="model-file"),
                           cacheable=False)
        if inspected is not None:
            refs = model_file_reference(inspected, named_as_model=named)
            cacheable = inspected.verdict != "error" and not entry.hidden
            return Outcome(rel, None, FileResult(references=refs, model_file=inspected, language="model-file"), cacheable)
        if entry.hidden:
            return Outcome(rel, None, FileResult(), cacheable=False)
    from . import DETECTORS  # imported on the first file that is not a cache hit

    errors: list[ScanError] = []
    wanted = []
    for detector in DETECTORS:
        try:
            if detector.wants(src):
                wanted.append(detector)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the scan
            errors.append(_error(rel, f"{detector.name}: {exc.__class__.__name__}: {exc}"))
    if not wanted:
        unread = None if candidate else _model_by_content(src, entry.size, None, named=False)
        if unread is not None:
            return unread
        return Outcome(rel, None, FileResult(errors=tuple(errors)), not errors)
    language = language_of(rel)
    if language == "other":
        language = wanted[0].name
    if entry.size > max_file_size:  # not parsed, but never silently dropped: the fallback reads it line by line
        try:
            streamed, read = stream_fallback(src, seconds=min(budget, STREAM_SECONDS) if budget > 0 else STREAM_SECONDS)
        except OSError as exc:
            return _gap_outcome(rel, [("read-error", f"cannot read: {exc.strerror or exc}")], [], [], None)
        detail = f"larger than {max_file_size} bytes" + (f"; the fallback read only its first {read} bytes" if read < entry.size else "")
        return _gap_outcome(rel, [("size-cap", detail)], streamed, [], b"")
    try:
        data = src.data
    except OSError as exc:
        return _gap_outcome(rel, [("read-error", f"cannot read: {exc.strerror or exc}")], [], [], None)
    if not candidate:  # a pickle/zip named .py/.json/.txt: content decides
        by_content = _model_by_content(src, entry.size, data[:4096], named=True)
        if by_content is not None:
            return by_content
    from .ownreport import own_report

    mine = own_report(rel, data)
    if mine is not None:  # a report of an earlier scan names every model of the tree: not config, and not ours to gate
        return Outcome(rel, None, FileResult(errors=(_error(rel, f"skipped: aiscan's own {mine}"),)))
    digest = None
    if want_digest:
        from ..filecache import digest_bytes

        digest = digest_bytes(data)
        if digest == known_digest:
            return Outcome(rel, digest, None)
    references: list[Reference] = []
    cap = ReferenceCap()
    current = ""
    try:
        with limit(budget, budget > 0), recording(src.gaps):
            for detector in wanted:
                current = detector.name
                started = time.perf_counter()
                try:
                    for ref in detector.detect(src):
                        if cap.keep(ref):
                            references.append(ref)
                except Exception as exc:  # noqa: BLE001 - keep what was found, record the failure, go on
                    errors.append(_error(rel, f"{detector.name}: {exc.__class__.__name__}: {exc}"))
                if timings is not None:
                    timings[detector.name] = timings.get(detector.name, 0.0) + time.perf_counter() - started
    except FileTimeout:
        src.gaps.append(("timeout", f"{current}: took longer than {budget:g} s: stopped (references found so far are kept)"))
    if (capped := cap.gap()) is not None:
        src.gaps.append(capped)
    if errors and not src.gaps:
        src.gaps.append(("detector-error", errors[0].message))
    if src.gaps:
        # the same bytes give the same gap (a syntax error, invalid JSON...): cached like any result; a timeout, a
        # detector failure or a result that read sibling modules is analysed again on the next scan
        stable = not errors and not src.depends_on and all(reason in STABLE_GAPS for reason, _ in src.gaps)
        extra = [ref for ref in fallback_references(src, data, references) if cap.keep(ref)]
        return _gap_outcome(rel, src.gaps, references + extra, errors, data, cacheable=stable,
                            digest=digest if stable else None)
    # A result that used other files (a sibling module's constants) is cached with the digest of each of them, and
    # reused only while they all still hold (the engine checks them before reusing it).
    deps = tuple((dep, current_digest(root, dep, dep_digests)) for dep in src.depends_on) if want_digest else ()
    return Outcome(rel, digest, FileResult(references=tuple(references), language=language), True, deps)


def _gap_outcome(rel: str, gaps: list[tuple[str, str]], references: list[Reference], errors: list[ScanError],
                 data: bytes | None, *, cacheable: bool = False, digest: str | None = None) -> Outcome:
    """A file not fully analysed: what was found (by the detectors and the fallback), named in errors and coverage."""
    records, gap_errors = gap_records(rel, gaps, data is not None)
    return Outcome(rel, digest, FileResult(references=tuple(references), errors=(*errors, *gap_errors), gaps=records), cacheable=cacheable)


def _scan_hidden(src: SourceFile, max_file_size: int) -> Outcome:
    """Second pass over a text file under a skipped folder: trust_remote_code switched on (bounded read)."""
    try:
        data = read_head(src.abspath, max_file_size)
    except OSError:
        return Outcome(src.relpath, None, FileResult(), cacheable=False)
    return Outcome(src.relpath, None, FileResult(references=tuple(hidden_remote_references(src, data))), cacheable=False)


MISSING = "-"  # the digest of a dependency that does not exist (or cannot be read)


def current_digest(root: Path, relpath: str, memo: dict[str, str] | None = None) -> str:
    """Content digest of another project file, read now (small: sibling settings modules); memoised per scan."""
    if memo is not None and relpath in memo:
        return memo[relpath]
    from ..filecache import digest_bytes

    try:
        with open(root / relpath, "rb") as handle:
            digest = digest_bytes(handle.read(DEP_MAX_BYTES + 1))
    except OSError:
        digest = MISSING
    if memo is not None:
        memo[relpath] = digest
    return digest


def _model_by_content(src: SourceFile, size: int, head: bytes | None, *, named: bool) -> Outcome | None:
    """A file whose first 4 KiB are a loadable model format (magic numbers, or a pickle with imports or calls) is
    inspected whatever its name: ``torch.load("assets/logo.png")`` runs a pickle. ``head`` is None for a file no
    detector reads (``logo.png``, ``font.woff``, ``data.csv``): its head is read here, a real PNG costs one small read,
    and the answer is cached with the file. ``named``: report it as a model file even when it is a plain archive (a
    ``.py`` that is a zip); unnamed plain archives (``.jar``, ``.docx``) give None."""
    if head is None:
        if size == 0:
            return None
        try:
            with open(src.abspath, "rb") as handle:
                head = handle.read(4096)
        except OSError:
            return None  # the walk saw it a moment ago: a file that vanished is not a finding
    if not head or not _loadable(head, src.relpath):
        return None
    from ..formats import inspect_path, model_file_reference

    found = inspect_path(src.abspath, src.relpath, size, named_as_model=named)
    if found is None:
        return None
    return Outcome(src.relpath, None, FileResult(references=model_file_reference(found, named_as_model=named), model_file=found,
                                                 language="model-file"), found.verdict != "error")


def _loadable(head: bytes, rel: str) -> bool:
    from ..formats import loadable_content

    return loadable_content(head, rel)


@record(frozen=True, slots=True)
class _Options:
    max_file_size: int
    want_digest: bool
    include_docs: bool
    deadline: float = 0.0  # time.time() past which files are not started (0: no scan budget)
    scan_budget: float = 0.0


def _over_budget(entry: WalkEntry, opts: _Options) -> Outcome:
    """A file reached after the scan's time budget was spent: listed as not analysed (never cached), not read."""
    detail = f"the scan's time budget ({opts.scan_budget:g} s, AISCAN_SCAN_TIMEOUT) was spent before this file"
    return _gap_outcome(entry.relpath, [("scan-budget", detail)], [], [], None)


def _error(path: str, message: str) -> ScanError:
    return ScanError(stage="discover", path=path, message=message)


def _scan_chunk(root: Path, tasks: Sequence[tuple[WalkEntry, str | None]], opts: _Options) -> tuple[list[Outcome], dict[str, float]]:
    """Worker entry point (module level so a process pool can pickle it)."""
    timings: dict[str, float] = {}
    dep_digests: dict[str, str] = {}
    with armed() as usable:
        budget = budget_seconds() if usable else 0.0
        outcomes = [
            _over_budget(e, opts) if opts.deadline and time.time() > opts.deadline else
            scan_one(root, e, max_file_size=opts.max_file_size, want_digest=opts.want_digest, known_digest=d, timings=timings,
                     include_docs=opts.include_docs, budget=budget, dep_digests=dep_digests)
            for e, d in tasks
        ]
    return outcomes, timings


def _chunks(tasks: list[tuple[WalkEntry, str | None]], workers: int = 1) -> Iterator[list[tuple[WalkEntry, str | None]]]:
    """Runs of tasks in order; for a pool, cut by estimated work so that each worker gets several (a 1 MB app is
    otherwise one chunk, analysed by one worker while the other waits)."""
    limit = CHUNK_BYTES
    if workers > 1:
        limit = max(MIN_CHUNK_WORK, min(CHUNK_BYTES, estimated_work(t[0] for t in tasks) // (workers * 4)))
    chunk: list[tuple[WalkEntry, str | None]] = []
    size = 0
    for task in tasks:
        chunk.append(task)
        size += estimated_work((task[0],)) if workers > 1 else task[0].size
        if len(chunk) >= CHUNK_FILES or size >= limit:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def default_workers() -> int:
    env = os.environ.get("AISCAN_JOBS", "").strip()
    if env.isdigit():
        return max(1, int(env))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _run(root: Path, tasks: list[tuple[WalkEntry, str | None]], opts: _Options, stats: EngineStats, workers: int) -> Iterator[Outcome]:
    """Outcomes in task order, whatever the parallelism; at most a few chunks in flight (bounded memory)."""
    if not use_pool([t[0] for t in tasks], workers):
        for chunk in _chunks(tasks):
            outcomes, timings = _scan_chunk(root, chunk, opts)
            _merge(stats.seconds, timings)
            yield from outcomes
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    stats.workers = workers
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    pending = deque(_chunks(tasks, workers))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        window: deque[tuple[list[tuple[WalkEntry, str | None]], Future[tuple[list[Outcome], dict[str, float]]]]] = deque()
        while pending or window:
            while pending and len(window) < workers * 3:
                chunk = pending.popleft()
                window.append((chunk, pool.submit(_scan_chunk, root, chunk, opts)))
            chunk, future = window.popleft()
            try:
                outcomes, timings = future.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): finish in this process
                for rest in [chunk] + [c for c, _ in window] + list(pending):
                    outcomes, timings = _scan_chunk(root, rest, opts)
                    _merge(stats.seconds, timings)
                    yield from outcomes
                return
            _merge(stats.seconds, timings)
            yield from outcomes


def use_pool(entries: Sequence[WalkEntry], workers: int) -> bool:
    """A process pool for this much work: decided by the bytes of Python to analyse, not by the number of files."""
    return workers > 1 and (len(entries) >= PARALLEL_MIN_FILES or estimated_work(entries) >= PARALLEL_MIN_WORK)


def estimated_work(entries: Iterable[WalkEntry]) -> int:
    """Bytes of source code to analyse (Python, notebooks, and the languages read with tree-sitter), plus an eighth
    of everything else (configs, docs and data are cheap to scan or are not read at all): a pool pays for its
    start-up from a few MB of code, whatever the number of files."""
    work = 0
    for entry in entries:
        work += entry.size if entry.relpath.endswith(CODE_SUFFIXES) else entry.size >> 3
    return work


def _merge(into: dict[str, float], timings: dict[str, float]) -> None:
    for name, seconds in timings.items():
        into[name] = into.get(name, 0.0) + seconds


def start_listing(config: ScanConfig) -> GitListing | None:
    """Start git listing the files of a full scan now (a thread), so that it overlaps the caller's other loading."""
    if config.files or not config.root.is_dir():
        return None
    return GitListing(config.root)


def walk_entries(config: ScanConfig, listing: GitListing | None = None) -> tuple[Path, Iterable[WalkEntry | Skipped]]:
    """The folder paths are relative to, and what to scan in it (the root itself when it is a file)."""
    root = config.root
    if root.is_dir():
        return root.resolve(), walk(root, exclude=config.exclude, only=config.files or None, listing=listing)
    st = root.stat()
    return root.resolve().parent, [WalkEntry(root.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)]


def scan_files(
    config: ScanConfig, *, workers: int | None = None, use_cache: bool | None = None, listing: GitListing | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> FilesOutput:
    """Walk the project and scan every file; per-file results come from the cache when the file is unchanged.

    ``progress(phase, done, total)``, when given, is called as files are listed and read (the terminal's progress line).
    """
    from ..filecache import FileCache, decode_deps, encode_deps
    from ..recordcodec import decode, encode

    base, items = walk_entries(config, listing)
    stats = EngineStats()
    references: list[Reference] = []
    files: list[ModelFile] = []
    errors: list[ScanError] = []
    if use_cache is None:
        few = bool(config.files) and len(config.files) < ONLY_CACHE_MIN
        wanted = str(config.file_cache).strip().lower() not in ("false", "0", "no", "off", "")
        use_cache = wanted and not os.environ.get("AISCAN_NO_CACHE") and config.root.is_dir() and not few
    # Opened at the first file listed or to analyse: a tree with none (an empty folder) opens no sqlite and takes no
    # fingerprint of the code (issue 19). The rows of files it no longer has stay until the next scan that lists a file.
    cache: FileCache | None = None
    cache_pending = use_cache

    def open_cache() -> None:
        nonlocal cache, cache_pending
        if cache_pending:
            cache_pending = False
            cache = FileCache.for_root(base, config.cache_dir, _cache_key(config))

    def add(result: FileResult, hidden: bool = False) -> None:
        references.extend(result.references)
        errors.extend(result.errors)
        if result.model_file is not None:
            files.append(result.model_file)
        if not hidden:
            coverage.seen(result.language if not result.gaps else "")
        for gap in result.gaps:
            coverage.gap(gap)

    tasks: list[tuple[WalkEntry, str | None]] = []
    entries: dict[str, WalkEntry] = {}
    seen: list[str] = []
    waiting: list[WalkEntry] = []  # cached results that used other files: checked once every file's stat is known
    coverage = CoverageBuilder()
    hidden_bytes = 0
    for item in items:
        if isinstance(item, Skipped):
            stats.skipped += 1
            if item.folder:
                coverage.folder(display_path(item.relpath), item.reason, item.files)
                continue
            errors.append(_error(display_path(item.relpath), item.reason))
            coverage.gap(FileGap(path=display_path(item.relpath), reason=walk_reason(item.reason), detail=item.reason,
                                 language=language_of(item.relpath)))
            continue
        if item.hidden:  # under a skipped folder: model files and trust_remote_code only, never cached
            if not _hidden_wanted(item, config.max_file_size, hidden_bytes):
                continue
            hidden_bytes += item.size if wants_hidden_text(item.relpath) else 0
            coverage.inspected_in[display_path(item.hidden)] += 1
            tasks.append((item, None))
            entries[item.relpath] = item
            continue
        stats.files += 1
        open_cache()
        if progress is not None and stats.files % 512 == 0:
            progress("listing files", stats.files, 0)
        seen.append(item.relpath)
        entries[item.relpath] = item
        known = cache.rows.get(item.relpath) if cache else None
        if known is not None and known.deps:
            waiting.append(item)
            continue
        if _reuse(cache, item, add, decode):
            stats.cache_hits += 1
            continue
        tasks.append((item, known.digest if known else None))
    if waiting:
        assert cache is not None
        digests: dict[str, str] = {}
        for item in waiting:
            row = cache.rows[item.relpath]
            deps = decode_deps(row.deps)
            holds = deps is not None and all(_dep_digest(base, dep, cache, entries, digests) == digest for dep, digest in deps.items())
            if holds and _reuse(cache, item, add, decode):
                stats.cache_hits += 1
                continue
            tasks.append((item, row.digest if holds else None))  # a changed dependency: analyse the file again
    if tasks:
        open_cache()  # files under skipped folders only: the options say whether a cache is in use, as before
    scan_budget = scan_budget_seconds()
    opts = _Options(config.max_file_size, cache is not None, config.include_docs,
                    time.time() + scan_budget if scan_budget else 0.0, scan_budget)
    if tasks:  # import the detectors once, before a pool forks, not in every worker (a cached scan skips this)
        from . import DETECTORS  # noqa: F401
    for done, outcome in enumerate(_run(base, tasks, opts, stats, workers or default_workers()), start=1):
        if progress is not None:
            progress(f"reading files ({stats.files:,} listed, {stats.cache_hits:,} unchanged)", done, len(tasks))
        result = outcome.result
        if result is None:  # same content as cached: reuse
            stats.digest_hits += 1
            assert cache is not None
            row = cache.rows[outcome.relpath]
            result = _from_payload(row.payload, decode)
            payload: str | None = row.payload
        else:
            stats.scanned += 1
            payload = _payload(result, encode)
        hidden = bool(entries[outcome.relpath].hidden)
        add(result if _utf8(outcome.relpath) else _renamed(result, outcome.relpath), hidden)
        if cache is not None and not hidden and outcome.cacheable and payload is not None and _utf8(outcome.relpath):
            e = entries[outcome.relpath]
            deps_text = encode_deps(dict(outcome.deps)) if outcome.result is not None else cache.rows[outcome.relpath].deps
            cache.put(e.relpath, e.size, e.mtime_ns, e.ctime_ns, e.inode, outcome.digest, payload, deps_text)
    if cache is not None:
        cache.close(None if config.files else seen)
    if os.environ.get("AISCAN_STATS"):  # for benchmarks: how much of the tree was analysed again (bench/speed.py reads it)
        print(f"aiscan-stats files={stats.files} cache_hits={stats.cache_hits} digest_hits={stats.digest_hits} "
              f"scanned={stats.scanned} workers={stats.workers}", file=sys.stderr)
    # by path (stable: a file's own order is kept), so git, os.walk, serial and parallel runs all agree
    references.sort(key=lambda r: r.location.path)
    files.sort(key=lambda f: f.path)
    errors.sort(key=lambda e: e.path or "")
    return FilesOutput(tuple(references), tuple(files), tuple(errors), stats, coverage.build())


def _hidden_wanted(entry: WalkEntry, max_file_size: int, hidden_bytes: int) -> bool:
    """Second-pass files: model files by name or opaque content, and text files that may switch on remote code."""
    from ..formats import is_candidate

    if is_model_file_name(entry.relpath) or is_candidate(entry.relpath):
        return True
    return wants_hidden_text(entry.relpath) and entry.size <= max_file_size and hidden_bytes + entry.size <= HIDDEN_MAX_BYTES


def _reuse(cache: FileCache | None, item: WalkEntry, add: Callable[[FileResult], None], decode: Callable[..., Any]) -> bool:
    """Answer a file from its cache row when its stat signature is unchanged (no read, no hash)."""
    row = cache.fresh(item.relpath, item.size, item.mtime_ns, item.ctime_ns, item.inode) if cache else None
    if row is None:
        return False
    try:
        add(_from_payload(row.payload, decode))
        return True
    except (TypeError, ValueError, KeyError):
        return False  # written by an incompatible version: rescan


def _dep_digest(root: Path, relpath: str, cache: FileCache, entries: dict[str, WalkEntry], memo: dict[str, str]) -> str:
    """A dependency's digest now: from its own cache row when its stat is unchanged, else by reading it."""
    entry = entries.get(relpath)
    if entry is not None:
        row = cache.fresh(relpath, entry.size, entry.mtime_ns, entry.ctime_ns, entry.inode)
        if row is not None and row.digest:
            return row.digest
    return current_digest(root, relpath, memo)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_path(relpath: str) -> str:
    """A file name that is not valid UTF-8 (kept by the OS as surrogate escapes) shown with \\xNN escapes,
    so that every report can be written; the file itself is still read under its real name."""
    return relpath if _utf8(relpath) else relpath.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _renamed(result: FileResult, relpath: str) -> FileResult:
    shown = display_path(relpath)
    refs = tuple(
        dataclasses.replace(r, location=dataclasses.replace(r.location, path=shown), identifier=shown if r.identifier == relpath else r.identifier)
        for r in result.references
    )
    model_file = dataclasses.replace(result.model_file, path=shown) if result.model_file else None
    errors = tuple(dataclasses.replace(e, path=shown) for e in result.errors)
    gaps = tuple(dataclasses.replace(g, path=shown) for g in result.gaps)
    return FileResult(references=refs, model_file=model_file, errors=errors, gaps=gaps, language=result.language)


def _from_payload(payload: str | None, decode: object) -> FileResult:
    """A cached result: "" (nothing found, read by no detector), "@language" (nothing found), or encoded JSON."""
    if not payload:
        return FileResult()
    if payload[0] == "@":
        return FileResult(language=payload[1:])
    return decode(FileResult, json.loads(payload))  # type: ignore[operator,no-any-return]


def _payload(result: FileResult, encode: object) -> str | None:
    if not (result.references or result.errors or result.model_file or result.gaps):
        return f"@{result.language}" if result.language else ""
    try:
        return json.dumps(encode(result), separators=(",", ":"))  # type: ignore[operator]
    except (TypeError, ValueError):
        return None  # something not JSON-able in metadata: do not cache this file


def _cache_key(config: ScanConfig) -> dict[str, object]:
    """Config that changes per-file results (context depends on the path, which the cache keys on anyway)."""
    return {"max_file_size": config.max_file_size, "include_docs": config.include_docs, "registry": config.registry}
