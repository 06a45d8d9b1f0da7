"""Parse YAML, JSON, TOML and INI into plain trees whose string leaves remember their line (``LStr``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from .lines import NewlineIndex, text_lines

MAX_NODES = 200_000
SEARCH_WINDOW = 200
SEARCH_CHARS = 1 << 16
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")
_AS_SPACE = {ord(ch): " " for ch in _YAML11_BREAKS}  # lines searched forward for a JSON/TOML value (values appear in file order)


class LStr(str):
    """A string leaf with the 1-based line it sits on."""

    line: int | None

    def __new__(cls, value: str, line: int | None) -> LStr:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


def load_tree(name: str, text: str, problems: list[str] | None = None) -> Any:
    """The document as dicts/lists/LStr, or None when it cannot be parsed (never raises for bad input); why it could
    not be parsed is appended to ``problems``."""
    try:
        if name.endswith((".yaml", ".yml")):
            return _yaml(text)
        if name.endswith((".json", ".jsonc")):
            return _json(text)
        if name.endswith(".toml"):
            import tomllib

            return located(tomllib.loads(text), text_lines(text))
        if name.endswith((".ini", ".cfg", ".conf")):
            return _ini(text)
    except (ValueError, RecursionError, UnicodeError) as exc:
        if problems is not None:
            problems.append(" ".join(str(exc).split())[:200] or exc.__class__.__name__)
        return None
    except Exception as exc:  # noqa: BLE001 - yaml raises its own error tree
        if exc.__class__.__module__.startswith("yaml"):
            if problems is not None:
                problems.append(" ".join(str(exc).split())[:200])
            return None
        raise
    return None


def _json(text: str) -> Any:
    """Strict JSON, else JSON with comments (JSONC: VS Code's ``devcontainer.json``/``settings.json``/``launch.json``,
    ``tsconfig.json``): ``//`` and ``/* */`` comments blanked and trailing commas dropped, every line kept where it is.
    When neither parses, the strict parser's error is the one reported."""
    import json

    try:
        return located(json.loads(text), text_lines(text))
    except ValueError as exc:
        if str(exc).startswith("Extra data"):
            stream = _json_stream(text)
            if stream is not None:
                return located(stream, text_lines(text))
        if "/" not in text and "," not in text:
            raise
        relaxed = strip_jsonc(text)
        if relaxed == text:
            raise
        try:
            data = json.loads(relaxed)
        except ValueError:
            pass
        else:
            return located(data, text_lines(relaxed))
        raise


_JSON_SPACE = re.compile(r"[ \t\r\n]*")


def _json_stream(text: str) -> list[Any] | None:
    """Concatenated JSON documents (JSON Lines, Sphinx linkcheck's ``output.json``): the list of them, or None."""
    import json

    decoder = json.JSONDecoder()
    docs: list[Any] = []
    at, end = 0, len(text)
    while True:
        at = _JSON_SPACE.match(text, at).end()  # type: ignore[union-attr]  # (matches the empty string too)
        if at >= end:
            return docs
        try:
            doc, at = decoder.raw_decode(text, at)
        except ValueError:
            return None
        docs.append(doc)


# One pass each, linear: a string (unterminated: to the end of its line) or a comment (unterminated: to the end of the
# text) is consumed whole, so a ``//`` inside a string is never taken for a comment.
_JSONC_COMMENTS = re.compile(r'"(?:[^"\\\n]+|\\.)*"?|//[^\n]*|/\*(?:[^*]+|\*(?!/))*(?:\*/)?')
_JSONC_COMMAS = re.compile(r'"(?:[^"\\\n]+|\\.)*"?|,(?=\s*[}\]])')


def strip_jsonc(text: str) -> str:
    """``text`` with JSONC comments replaced by spaces (newlines kept, so lines and columns hold) and trailing commas
    before ``}``/``]`` replaced by a space."""

    def blank(match: re.Match[str]) -> str:
        found = match.group()
        return found if found.startswith('"') else re.sub(r"[^\n]", " ", found)

    def comma(match: re.Match[str]) -> str:
        found = match.group()
        return " " if found == "," else found

    return _JSONC_COMMAS.sub(comma, _JSONC_COMMENTS.sub(blank, text))


def _yaml(text: str) -> Any:
    import yaml

    from ..yamlio import TooDeep, check_depth

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    budget = [MAX_NODES]
    if any(ch in text for ch in _YAML11_BREAKS):  # YAML 1.2 and editors do not break lines there; PyYAML (1.1) does
        text = text.translate(_AS_SPACE)  # same length: marks' character indices still point into the original text
    index = NewlineIndex(text)  # PyYAML also breaks lines at U+2028, U+0085...: count them as a reader does (\n)
    line: Callable[[Any], int] = (lambda mark: mark.line + 1) if index.trivial else (lambda mark: index.line(mark.index))
    try:
        check_depth(text)  # before the recursive composer: old libyaml builds overflow the C stack
    except TooDeep as exc:
        raise ValueError(f"YAML {exc} (line {exc.line})") from None
    docs = [_node(n, budget, line) for n in yaml.compose_all(text, Loader=loader) if n is not None]
    if not docs:
        return None
    return docs[0] if len(docs) == 1 else docs


def _node(node: Any, budget: list[int], line: Callable[[Any], int], depth: int = 0) -> Any:
    """Compose node -> plain tree; aliases are expanded, so a node budget stops "billion laughs" documents."""
    import yaml

    budget[0] -= 1
    if depth > 60 or budget[0] < 0:
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                out[str(key.value)] = _node(value, budget, line, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_node(v, budget, line, depth + 1) for v in node.value]
    if isinstance(node, yaml.ScalarNode):
        # a block scalar (``run: |``) starts on the line after its indicator
        return LStr(str(node.value), line(node.start_mark) + (1 if node.style in ("|", ">") else 0))
    return None


def located(data: Any, lines: list[str]) -> Any:
    """Attach lines to JSON/TOML leaves by finding each value's text, scanning forward through the file.

    Lazily: a leaf's line is found when it is first asked for, after those of every leaf before it (the search moves
    forward in document order, so the answers are those of finding them all). A data file of prompts that names no
    model asks for none: finding them was ~90% of reading such a file."""
    locator = _Locator(lines)
    values = locator.values

    def walk(item: Any, depth: int) -> Any:
        if depth > 60:
            return None
        if isinstance(item, dict):
            return {str(k): walk(v, depth + 1) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v, depth + 1) for v in item]
        if isinstance(item, str):
            if not item:
                return LStr(item, None)
            values.append(item)
            return _LazyLStr(item, locator, len(values) - 1)
        if isinstance(item, bool):
            return LStr("true" if item else "false", None)
        return item

    return walk(data, 0)


class _LazyLStr(LStr):
    """A leaf whose line its ``_Locator`` finds when asked (copied or pickled: a plain ``LStr`` with that line)."""

    _locator: _Locator
    _index: int

    def __new__(cls, value: str, locator: _Locator, index: int) -> _LazyLStr:
        obj = str.__new__(cls, value)
        obj._locator = locator
        obj._index = index
        return obj

    @property
    def line(self) -> int | None:  # type: ignore[override]  # read-only here: found on demand
        return self._locator.line_of(self._index)

    def __reduce__(self) -> tuple[type[LStr], tuple[str, int | None]]:
        return LStr, (str(self), self.line)


class _Locator:
    """The lines of a document's string leaves (``values``, in document order), found in that order on demand."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.values: list[str] = []
        self.found: list[int | None] = []
        self.cursor = [0, 0]  # line index, and the column just past the last value found on it
        self.window = _Window(lines)

    def line_of(self, index: int) -> int | None:
        found = self.found
        while len(found) <= index:
            found.append(self._find(self.values[len(found)]))
        return found[index]

    def _find(self, value: str) -> int | None:
        """Values come in document order: search forward from the last one, at most SEARCH_WINDOW lines and
        SEARCH_CHARS characters (a minified one-line JSON of 40,000 ids was quadratic when each search restarted at
        the start of its line)."""
        cursor = self.cursor
        stop = min(len(self.lines), cursor[0] + SEARCH_WINDOW)
        if len(value) > 300:  # long text (prompts, data records, a base64 image) is never an id: not searched whole,
            self._skip(value, stop)  # but the values after it are: the cursor moves past it
            return None
        forms = _written_forms(value)
        budget = SEARCH_CHARS // len(forms)  # the forms share one search's budget: a value costs what it did
        for form in forms:
            hit = self.window.find(form, cursor[0], cursor[1], stop, budget)
            if hit is not None:
                cursor[0], cursor[1] = hit
                return hit[0] + 1
        return None  # not on a line of its own (multi-line, escaped some other way): no line rather than a rescan

    def _skip(self, value: str, stop: int) -> None:
        """Move the cursor past a long value (a 1 MB base64 line in a recorded HTTP session left every later value of
        the file out of the search window): its first characters are found, and the cursor moves by its length on
        that line (a value is at least as long written as parsed; one spanning lines leaves the cursor short)."""
        cursor = self.cursor
        head = value[:64]
        if _written_forms(head) != (head,):
            return
        hit = self.window.find(head, cursor[0], cursor[1], stop)
        if hit is not None:
            cursor[0], cursor[1] = hit[0], min(len(self.lines[hit[0]]), hit[1] + len(value) - len(head))


def _written_forms(value: str) -> tuple[str, ...]:
    r"""How a parsed string value may be spelled in JSON or a TOML basic string: as it is, then escaped (the value
    ``..\Models\x.gguf`` of an appsettings.json is written ``"..\\Models\\x.gguf"``; some writers escape every
    non-ASCII character as ``\uXXXX``). Only values holding a character JSON escapes have more than one form."""
    if value.isascii() and value.isprintable() and "\\" not in value and '"' not in value:
        return (value,)
    import json

    return tuple(dict.fromkeys((value, json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1])))


class _Window:
    """Forward search for a value over the lines, from a (line, column) cursor: one ``str.find`` over the joined lines,
    at most SEARCH_CHARS characters past the cursor and up to the end of line ``stop - 1``.

    With no newline in any line nor in ``value``, an occurrence in the joined text never spans two lines, so the first
    occurrence after the cursor lies in the first line that holds ``value`` there; otherwise each line is searched in
    turn under the same character budget."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._joined: str | None = None
        self._starts: list[int] = []

    def find(self, value: str, first: int, column: int, stop: int, budget: int = SEARCH_CHARS) -> tuple[int, int] | None:
        """(line index, column just past the value) of the first occurrence at or after (first, column), or None."""
        lines = self.lines
        if first >= stop:
            return None
        if self._joined is None:
            self._joined = "\n".join(lines)
            starts, at = [], 0
            for line in lines:
                starts.append(at)
                at += len(line) + 1
            self._starts = starts if self._joined.count("\n") == len(lines) - 1 else []  # [] = a line holds a newline
        if not value or "\n" in value or not self._starts:
            return _line_by_line(lines, value, first, column, stop, budget)
        starts = self._starts
        begin = starts[first] + column
        end = min(starts[stop - 1] + len(lines[stop - 1]), begin + budget + len(value))
        found = self._joined.find(value, begin, end)
        if found < 0:
            return None
        index = bisect.bisect_right(starts, found) - 1
        return index, found - starts[index] + len(value)


def _line_by_line(lines: list[str], value: str, first: int, column: int, stop: int, budget: int = SEARCH_CHARS) -> tuple[int, int] | None:
    for i in range(first, stop):
        text = lines[i]
        start = column if i == first else 0
        end = min(len(text), start + budget)
        at = text.find(value, start, end + len(value))
        if at >= 0:
            return i, at + len(value)
        budget -= end - start
        if budget <= 0:
            break
    return None


def _ini(text: str) -> Any:
    tree: dict[str, Any] = {}
    section: dict[str, Any] = tree
    for number, raw in enumerate(text_lines(text), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = tree.setdefault(line[1:-1].strip(), {})
            continue
        for sep in ("=", ":"):
            if sep in line:
                key, _, value = line.partition(sep)
                section[key.strip()] = LStr(value.strip(), number)
                break
    return tree
