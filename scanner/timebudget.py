"""Per-file time budget: a SIGALRM timer interrupts a parser stuck on hostile input (POSIX, main thread only)."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_SECONDS = 30.0
DEFAULT_SCAN_SECONDS = 1800.0  # the whole scan: files not yet started then are listed, not analysed (fail closed)


class FileTimeout(BaseException):
    """Raised inside a parser when its file's budget is spent. A BaseException so that parsers' own
    ``except Exception`` clauses cannot swallow it; the engine catches it and records an error."""


def _seconds(variable: str, default: float) -> float:
    """A number of seconds from the environment (0 turns the budget off; negative counts as 0), else ``default``."""
    try:
        return max(0.0, float(os.environ.get(variable, default)))
    except ValueError:
        return default


def scan_budget_seconds() -> float:
    """AISCAN_SCAN_TIMEOUT (seconds for the whole scan, 0 turns it off), else the default. A tree cannot set it: only
    the environment (trusted) does. Each file's own budget still applies to the files started in time."""
    return _seconds("AISCAN_SCAN_TIMEOUT", DEFAULT_SCAN_SECONDS)


def budget_seconds() -> float:
    """AISCAN_FILE_TIMEOUT (seconds, 0 turns the budget off), else the default."""
    return _seconds("AISCAN_FILE_TIMEOUT", DEFAULT_SECONDS)


def _raise(signum: int, frame: FrameType | None) -> None:
    raise FileTimeout()


@contextmanager
def armed() -> Iterator[bool]:
    """Install the alarm handler for a batch of files; yields whether per-file timers can be used here."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() and budget_seconds() > 0
    if not usable:
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _raise)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def limit(seconds: float, enabled: bool) -> Iterator[None]:
    """Raise FileTimeout in this block after ``seconds`` (only inside :func:`armed` when it yielded True)."""
    if not enabled or seconds <= 0:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
