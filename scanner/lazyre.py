"""A regex compiled on first use: the bundled registry's ~430 patterns, and module-level patterns of stages a scan
may never reach (an empty or cached scan resolves no model files). ``re.compile`` costs 20-600 us per pattern, paid
at import by every run otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class LazyPattern:
    """``re.compile(pattern, flags)``, done the first time the pattern is searched (equal and hashed like it).

    A registry pattern (``prefilter=True``) is not even compiled for a text that cannot match: its ``literal``, a run
    of characters every match contains (:func:`required_literal`, shipped with the built registry), is looked for
    first in an ASCII text searched from its start. A scan asks a few dozen names against ~430 patterns; compiling
    the ones that could never match them cost 20-30 ms a scan."""

    __slots__ = ("_compiled", "_literal", "_prefilter", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None, *,
                 prefilter: bool = False, literal: str | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled
        self._prefilter = prefilter
        self._literal = literal

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    @property
    def literal(self) -> str:
        """The lower-cased literal every match contains ('' when none is sure)."""
        if self._literal is None:
            self._literal = required_literal(self.pattern, self.flags)
        return self._literal

    def _cannot_match(self, string: str) -> bool:
        """True only when no match can exist: not compiled yet, a prefiltered pattern, an ASCII text (under
        IGNORECASE a non-ASCII character can match an ASCII one: KELVIN SIGN and k) without the literal."""
        return self._prefilter and string.isascii() and bool(literal := self.literal) and literal not in string.lower()

    def search(self, string: str, pos: int = 0) -> re.Match[str] | None:
        compiled = self._compiled
        if compiled is None:
            if not pos and self._prefilter and self._cannot_match(string):
                return None
            compiled = self.compiled
        return compiled.search(string, pos)

    def match(self, string: str, pos: int = 0) -> re.Match[str] | None:
        if self._compiled is None and not pos and self._prefilter and self._cannot_match(string):
            return None
        return self.compiled.match(string, pos)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        if self._compiled is None and self._prefilter and self._cannot_match(string):
            return None
        return self.compiled.fullmatch(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string)

    def findall(self, string: str) -> list[object]:
        return self.compiled.findall(string)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"

    def __getstate__(self) -> tuple[str, int]:
        return self.pattern, self.flags

    def __setstate__(self, state: tuple[str, int]) -> None:
        self.pattern, self.flags = state
        self._compiled = None
        self._prefilter, self._literal = False, None


_VERBOSE = LazyPattern(r"\(\?[aiLmsux-]*x")  # an inline (?x): blanks and "#" comments are not text
_COUNT = LazyPattern(r"\{\d*,?\d*\}")
_LITERAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/:@")


def required_literal(pattern: str, flags: int = 0) -> str:
    """The longest run of plain ASCII characters that every match of ``pattern`` contains, lower-cased, or '' when
    none is sure. Conservative by construction: only characters outside any group, class or escape, in a pattern
    without a top-level ``|``; a character followed by ``?``, ``*`` or ``{`` is dropped, ``+`` ends the run."""
    if flags & re.X or _VERBOSE.search(pattern):
        return ""
    best, run, depth, i = "", "", 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            best, run, i = max(best, run, key=len), "", i + 2
            continue
        if c == "[":  # a class: skip to its closing bracket ("]" first, or after "^", is a member)
            i += 2 if pattern[i + 1:i + 2] == "^" else 1
            i += 1 if pattern[i:i + 1] == "]" else 0
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            best, run, i = max(best, run, key=len), "", i + 1
            continue
        if pattern.startswith("(?#", i):  # a comment is not there at all: "q(?#x)??" is an optional q
            close = pattern.find(")", i)
            i = len(pattern) if close < 0 else close + 1
            continue
        if c == "|" and depth == 0:
            return ""
        if c in "?*{" and run:
            run = run[:-1]
        if c == "{" and (counted := _COUNT.match(pattern, i)):  # a {m,n} quantifier: its digits are not text
            best, run, i = max(best, run, key=len), "", counted.end()
            continue
        if depth == 0 and c in _LITERAL_CHARS:
            run += c
        else:
            best, run = max(best, run, key=len), ""
        depth += (c == "(") - (c == ")")
        i += 1
    return max(best, run, key=len).lower()
