"""Line numbers as each language counts them: Python by \\n, \\r\\n and \\r; YAML, JSON, shell and the rest by \\n.

``str.splitlines`` also splits on U+2028, U+2029, U+0085, \\x0b, \\x0c and \\x1c-\\x1e, which no editor or parser of
these languages treats as a new line: a few of them in a comment would shift every later line number (and with it
which line an inline ``aiscan: ignore`` applies to). Never use ``splitlines`` on scanned text; use these.
"""

from __future__ import annotations

import bisect
import re

_PY_BREAK = re.compile(r"\r\n|\r|\n")
# Characters PyYAML (YAML 1.1) counts as line breaks besides \n: its marks' line numbers are not a reader's.
_YAML_EXTRA_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
PYTHON_SUFFIXES = (".py", ".pyw", ".pyi")


def python_lines(text: str) -> list[str]:
    """Lines as Python's tokenizer counts them (\\n, \\r\\n, \\r), without their line endings."""
    lines = _PY_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def text_lines(text: str) -> list[str]:
    """Lines separated by \\n only (a trailing \\r is dropped, as for CRLF files)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def lines_for(path: str, text: str) -> list[str]:
    """The lines of a file of this name as its language counts them."""
    return python_lines(text) if path.lower().endswith(PYTHON_SUFFIXES) else text_lines(text)


class NewlineIndex:
    """1-based line (counted by \\n) of a character index; built once per document, O(log n) per lookup."""

    def __init__(self, text: str) -> None:
        self._exact = not any(ch in text for ch in _YAML_EXTRA_BREAKS)
        self._newlines = [] if self._exact else [m.start() for m in re.finditer("\n", text)]

    @property
    def trivial(self) -> bool:
        """True when the parser's own line count is already the reader's (no extra break characters)."""
        return self._exact

    def line(self, index: int) -> int:
        return bisect.bisect_left(self._newlines, index) + 1
