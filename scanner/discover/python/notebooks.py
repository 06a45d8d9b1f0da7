"""Jupyter notebooks: code cells through the Python analyser, ``!``/``%`` shell lines through the command analyser."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from ..lines import python_lines
from ..polyglot.cells import kernel_language, notebook_hits
from ..polyglot.detector import PREFILTER as POLYGLOT_PREFILTER
from ..shell import MAX_CONTINUATION, command_hits
from .detector import analyse, lower_newer_syntax, parse_failure, prefilter

SHELL_MAGICS = ("%pip", "%conda", "%sh", "%system", "!")


_COLAB_PARAM = re.compile(r"^(?P<indent>\s*)(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>[^#]+?)\s*#\s*@param\s*(?P<choices>\[.*?\])")


def colab_param_choices(line: str) -> str:
    """``X = "a" # @param ["a", "b"]``: a Colab form lets the user pick any choice, so each is a value of X
    (rewritten as ``X = "a"; X = "b"`` on the same line, so line numbers hold)."""
    match = _COLAB_PARAM.match(line)
    if match is None:
        return line
    try:
        choices = ast.literal_eval(match.group("choices"))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return line
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        return line
    name = match.group("name")
    extra = "".join(f"; {name} = {c!r}" for c in choices)
    return f"{match.group('indent')}{name} = {match.group('value')}{extra}"


_ENV_MAGIC = re.compile(r"^(?P<indent>\s*)%env\s+(?P<name>[A-Za-z_]\w*)(?:\s*=\s*|\s+)(?P<value>\S.*?)\s*$")


def env_magic(line: str) -> str:
    """``%env NAME=value`` sets an environment variable that later cells read: rewritten as ``os.environ[...] = ...``."""
    match = _ENV_MAGIC.match(line)
    if match is None:
        return line
    return f"{match.group('indent')}os.environ[{match.group('name')!r}] = {match.group('value')!r}"


def _continuations(lines: list[str], number: int) -> int:
    """How many lines after line ``number`` (1-based) continue it: each ends the one before with a backslash."""
    count = 0
    while number - 1 + count < len(lines) - 1 and count < MAX_CONTINUATION and lines[number - 1 + count].rstrip().endswith("\\"):
        count += 1
    return count


def _cell_magic_line(lines: list[str]) -> int:
    """Index of the line a cell magic is read from: the first that is neither blank nor a comment. Colab puts its
    form lines (``#@title ...``, ``#@markdown ...``) above ``%%html`` or ``%%capture``; read as Python, the HTML below
    was a syntax error that left the notebook to the fallback scan."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return index
    return 0


def _leading_indent(lines: list[str]) -> list[str]:
    """IPython's ``leading_indent``: a cell whose first line is indented loses that indentation on every line."""
    first = lines[0] if lines else ""
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    return [line[len(indent):] if line.startswith(indent) else line for line in lines] if indent else lines


# ``files = !ls`` / ``out = %sx cmd``: IPython assigns a command's output (its "system assignment")
_SYSTEM_ASSIGN = re.compile(r"^(?P<lhs>\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)(?P<magic>[!%])(?P<rest>\S.*)$")
# Automagic: IPython runs ``pip install x`` as ``%pip install x`` and ``ls ./data`` as ``%ls ./data``; neither parses as
# Python (a name followed by a word, a path or a quoted string), and a bare ``pwd`` names nothing.
_AUTOMAGIC_PIP = re.compile(r"^(?:pip3?|conda|mamba)\s+(?:install|uninstall|download)\b")
_AUTOMAGIC = re.compile(r"^(?:cd|ls|ll|pwd|mkdir|rmdir|rm|cp|mv|cat|less|more|man)(?:$|\s+(?:\.{1,2}/|~|/|-{1,2}[A-Za-z]|[A-Za-z_\"']))")


def _automagic(code: list[str]) -> list[str] | None:
    """``code`` with automagic lines (``ls ./data``, ``cd NeMo``) made ``pass``, or None when there are none. Only
    used for cells that do not parse as they are: ``more``, ``cat``, ``ls`` are also ordinary Python names."""
    out = [line[: len(line) - len(line.lstrip())] + "pass" if _AUTOMAGIC.match(line.lstrip()) else line for line in code]
    return out if out != code else None


def _parsed(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


PYTHON_CELL_MAGICS = ("%%capture", "%%time", "%%timeit", "%%prun", "%%debug", "%%memit")


class NotebookDetector:
    """``.ipynb`` JSON; the code cells are analysed as one module so values flow between cells."""

    name = "notebook"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix == ".ipynb"

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        if not prefilter(src.data) and b"nuget:" not in src.lowered and not POLYGLOT_PREFILTER.search(src.lowered):
            return ()
        try:
            doc = json.loads(src.data)
        except (ValueError, RecursionError) as exc:
            src.gaps.append(("invalid-json", str(exc)[:200]))
            return ()
        cells = doc.get("cells") if isinstance(doc, dict) else None
        if not isinstance(cells, list):
            src.gaps.append(("invalid-notebook", "no list of cells"))
            return ()
        language = kernel_language(doc)
        if language is not None:  # a C#, TypeScript, Java... kernel: its cells are not Python
            return [hit_reference(src, hit, self.name if hit.kind.value == "package" else f"{self.name}:{language}", cell=cell)
                    for cell, hit in notebook_hits(cells, language, src.gaps)]
        if not prefilter(src.data):
            return ()
        return list(self._cells(src, cells))

    def _cells(self, src: SourceFile, cells: list[object]) -> Iterator[Reference]:
        code: list[str] = []
        where: list[tuple[int, int]] = []  # module line -> (cell number, line in cell)
        for number, cell in enumerate(cells, start=1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            if isinstance(source, list):
                text = "".join(part for part in source if isinstance(part, str))
            else:
                text = source if isinstance(source, str) else ""
            lines = _leading_indent(python_lines(text))
            head = _cell_magic_line(lines)
            if lines[head:] and lines[head].startswith(("%%bash", "%%sh", "%%script")):
                # the cell is one script: a command continued with ``\\`` over several lines is one command
                found = command_hits("\n".join(lines[head + 1:]), head + 2) if len(lines) > head + 1 else ()
                yield from (hit_reference(src, h, self.name, cell=number) for h in found)
                continue
            if lines[head:] and lines[head].startswith("%%") and not lines[head].startswith(PYTHON_CELL_MAGICS):
                continue  # another language (%%html, %%javascript, %%writefile ...); %%capture/%%time cells are Python
            continued = 0  # lines still to skip: the ``\\`` continuations of a magic (IPython joins them)
            for i, line in enumerate(lines, start=1):
                if continued:
                    continued -= 1
                    code.append("")  # a blank line keeps the cell's Python line numbers and parses at any indentation
                    where.append((number, i))
                    continue
                if i > 1 and lines[i - 2].endswith("\\"):  # a Python line continued: ``"..." \\`` then ``% (args)``
                    code.append(line)
                    where.append((number, i))
                    continue
                line = env_magic(colab_param_choices(line))
                stripped = line.lstrip()
                indent = line[: len(line) - len(stripped)]
                assigned = _SYSTEM_ASSIGN.match(line)
                command: str | None = None
                magic = True
                if stripped.startswith(SHELL_MAGICS) or _AUTOMAGIC_PIP.match(stripped):
                    command = stripped.lstrip("!%")
                    line = indent + "pass"
                elif assigned is not None:  # files = !ls  /  out = %sx cmd: the value is the command's output
                    command = assigned.group("rest") if assigned.group("magic") == "!" else None
                    line = assigned.group("lhs") + "[]"
                elif stripped.startswith("%") or stripped.endswith("?"):
                    command = "python " + stripped[5:] if stripped.startswith("%run ") else None  # %run script.py --model X
                    line = indent + "pass"
                else:
                    magic = False
                if magic:
                    continued = _continuations(lines, i)
                if command is not None:
                    joined = "\n".join([command] + lines[i:i + continued])
                    yield from (hit_reference(src, h, self.name, cell=number) for h in command_hits(joined, i))
                code.append(line)
                where.append((number, i))
        yield from self._python(src, code, where)

    def _python(self, src: SourceFile, code: list[str], where: list[tuple[int, int]]) -> Iterator[Reference]:
        for attempt in (code, _automagic(code)):  # automagic lines are only rewritten when the cells do not parse
            if attempt is None:
                continue
            text = "\n".join(attempt)
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for hit in analyse(tree, text):
                yield self._place(src, hit, where)
            return
        yield from self._per_cell(src, code, where)

    def _per_cell(self, src: SourceFile, code: list[str], where: list[tuple[int, int]]) -> Iterator[Reference]:
        """One cell does not parse: analyse the others one by one."""
        start = 0
        while start < len(code):
            cell = where[start][0]
            end = start
            while end < len(code) and where[end][0] == cell:
                end += 1
            text = "\n".join(code[start:end])
            tree: ast.Module | None
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
                relaxed = _automagic(code[start:end])
                tree = _parsed("\n".join(relaxed)) if relaxed is not None else None
                if tree is None:  # f"{size("./x")}" (PEP 701), type X = ... (PEP 695): 3.12 forms, lowered line for line
                    newer = lower_newer_syntax(text.encode("utf-8", "replace"))
                    lines = newer.decode("utf-8", "replace").split("\n") if newer is not None else None
                    tree = _parsed("\n".join(lines)) if lines is not None else None
                    relaxed = lines if tree is not None else relaxed
                if tree is None or relaxed is None:
                    reason, detail = parse_failure(exc, text.encode("utf-8", "replace"))
                    src.gaps.append((reason, f"cell {cell}: {detail}"))
                    start = end
                    continue
                text = "\n".join(relaxed)
            for hit in analyse(tree, text):
                yield self._place(src, hit, where[start:end])
            start = end

    def _place(self, src: SourceFile, hit: Hit, where: list[tuple[int, int]]) -> Reference:
        index = (hit.line or 1) - 1
        cell, line = where[index] if 0 <= index < len(where) else (None, hit.line)
        moved = Hit(**{**{f: getattr(hit, f) for f in hit.__dataclass_fields__}, "line": line})
        return hit_reference(src, moved, self.name, cell=cell)
