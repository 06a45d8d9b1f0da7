"""Exact literal gates for case-insensitive text checks: ``literal in folded`` where a ``(?i)`` regex would scan.

Under ``re.IGNORECASE`` an ASCII letter of a pattern matches that letter in either case and, beyond ASCII, exactly four
characters: U+0130 and U+0131 (``i``), U+017F (``s``), U+212A (``k``). ``str.lower()`` maps no other non-ASCII
character to anything containing an ASCII character (checked over all of Unicode in the tests). So in a text without
those four characters whose lowering keeps its length (each character maps to one), a ``(?i)`` match of ASCII
letters and punctuation at position ``i`` is exactly an occurrence of the lower-cased literal at ``i`` of
``text.lower()``. A text with any of the four is answered by the regex itself.
"""

from __future__ import annotations

import re

_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def folded(text: str) -> str | None:
    """``text.lower()`` when literal gates on it are exact (see the module doc), else None."""
    for ch in _FOLDS_TO_ASCII:
        if ch in text:
            return None
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def search_from(pattern: re.Pattern[str], text: str, lowered: str | None, starts: tuple[str, ...]) -> bool:
    """``pattern.search(text) is not None`` for a pattern every match of which starts with one of ``starts``
    (lower-case ASCII literals, read case-insensitively): the pattern is tried only where one occurs."""
    if lowered is None:
        return pattern.search(text) is not None
    for start in starts:
        at = lowered.find(start)
        while at >= 0:
            if pattern.match(text, at) is not None:
                return True
            at = lowered.find(start, at + 1)
    return False
