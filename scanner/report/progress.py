"""A one-line progress indicator on stderr (TTY only, after the first second): phase and files done."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO, Any

DELAY = 1.0  # seconds of silence before the line appears: a fast scan prints nothing
INTERVAL = 0.1  # at most ten redraws a second
CLEAR = "\r\x1b[K"

ProgressFn = Callable[[str, int, int], None]


def terminal_width(default: int = 80) -> int:
    """Columns of the terminal: $COLUMNS when set (shutil honours it), else the tty's size, else ``default``."""
    import shutil  # here: shutil imports bz2 and lzma, ~4 ms that a quiet or piped scan never needs

    return max(20, shutil.get_terminal_size((default, 24)).columns)


class Progress:
    """``progress(phase, done, total)`` redraws ``aiscan: reading files 1,234/30,000 (4%) 3.2s`` in place.

    Nothing is drawn until ``DELAY`` seconds have passed; the line is cut to the terminal width (a line that wraps
    cannot be redrawn with a carriage return) and erased by ``close()``, so the report that follows starts clean.
    """

    def __init__(self, stream: IO[str], *, clock: Callable[[], float] = time.monotonic, width: Callable[[], int] = terminal_width) -> None:
        self.stream = stream
        self.clock = clock
        self.width = width
        self.start = clock()
        self.last = 0.0
        self.shown = False
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = self.clock()
        if now - self.start < DELAY or (phase == self.phase and now - self.last < INTERVAL and done != total):
            return
        self.phase, self.last = phase, now
        if total:
            count = f"{done:,}/{total:,} ({done * 100 // max(total, 1)}%)"
        else:
            count = f"{done:,}" if done else ""
        text = " ".join(part for part in ("aiscan:", phase, count, f"{now - self.start:.1f}s") if part)
        self._write(CLEAR + text[: self.width() - 1])
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self._write(CLEAR)
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr never fails the scan
            self.shown = False


def make_progress(stream: IO[str] | Any, *, quiet: bool) -> Progress | None:
    """A Progress for an interactive stderr; None when quiet, piped, redirected or TERM=dumb."""
    import os

    if quiet or os.environ.get("TERM") == "dumb" or os.environ.get("AISCAN_NO_PROGRESS"):
        return None
    try:
        if not stream.isatty():
            return None
    except (AttributeError, OSError, ValueError):
        return None
    return Progress(stream)
