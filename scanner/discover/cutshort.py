"""Where a detector stops early on purpose (a bound on hostile input), it says so: the file is then reported as not
fully analysed and read by the parser-free fallback, instead of passing with only what came before the bound.

The engine opens ``recording(src.gaps)`` around the detectors of one file; code deep in a detector (a shell command
line cut at its token bound, called from Dockerfiles, CI files, Makefiles and YAML alike) calls ``cut_short``
without knowing which file or detector it serves. Outside a recording (a direct call, a test) it does nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_GAPS: ContextVar[list[tuple[str, str]] | None] = ContextVar("aiscan_cut_short", default=None)


@contextmanager
def recording(gaps: list[tuple[str, str]]) -> Iterator[None]:
    """Gaps reported by ``cut_short`` while the block runs are appended to ``gaps``."""
    token = _GAPS.set(gaps)
    try:
        yield
    finally:
        _GAPS.reset(token)


def cut_short(reason: str, detail: str) -> None:
    """Record that the file being analysed was not read to its end (once per reason)."""
    gaps = _GAPS.get()
    if gaps is not None and all(r != reason for r, _ in gaps):
        gaps.append((reason, detail))


def unparsable(kind: str, exc: BaseException) -> None:
    """A file a detector could not parse (``kind``: toml, json, yaml, ini): an ``invalid-<kind>`` gap, so a broken
    lock or manifest is listed and read by the fallback instead of passing with nothing found."""
    cut_short(f"invalid-{kind}", " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200])
