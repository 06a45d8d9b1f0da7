"""Invisible characters made visible for human formats (text, HTML, Markdown, SARIF messages): one shared helper."""

from __future__ import annotations

import re
import unicodedata

# Characters shown as <U+XXXX> wherever a person reads aiscan's output:
#  - every format character (Unicode category Cf): bidi controls (Trojan Source), zero-width joiners, soft hyphen,
#    the tag block U+E0000-E007F (invisible "ASCII smuggling"), interlinear annotation, ...;
#  - line and paragraph separators (Zl, Zp: U+2028/2029) and every control character but tab and newline;
#  - surrogates and unassigned code points (a newer Unicode may make them format characters);
#  - invisible letters and selectors outside Cf: variation selectors (used to hide bytes after a visible
#    character), Hangul fillers, the Mongolian vowel separator, Braille blank.
# The regex is the fast path for the common ones; the per-character category check catches the rest.
_FAST = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u115f\u1160\u180b-\u180f\u200b-\u200f\u2028-\u202e"
                   r"\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f\U000e0100-\U000e01ef]")
_HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp", "Cs", "Cn"})
_KEEP = frozenset("\t\n")


def _escape(ch: str) -> str:
    return f"<U+{ord(ch):04X}>"


def is_hidden(ch: str) -> bool:
    """Whether one character is invisible or changes how the text around it is shown (tab and newline are not)."""
    if ch in _KEEP:
        return False
    return bool(_FAST.match(ch)) or unicodedata.category(ch) in _HIDDEN_CATEGORIES


def reveal(text: str) -> str:
    """``text`` with every invisible or format character shown as ``<U+XXXX>`` (tab and newline kept).

    JSON reports keep the raw value; every human format renders through this function.
    """
    if text.isascii() and text.isprintable():
        return text
    text = _FAST.sub(lambda m: _escape(m.group()), text)
    if text.isascii():
        return text
    return "".join(_escape(ch) if ch not in _KEEP and unicodedata.category(ch) in _HIDDEN_CATEGORIES else ch for ch in text)


def has_hidden(text: str) -> bool:
    """Whether ``reveal`` would change ``text``."""
    return reveal(text) != text
