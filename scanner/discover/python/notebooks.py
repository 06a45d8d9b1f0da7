"""Jupyter notebooks: code cells through the Python analyser, ``!``/``%`` shell lines through the command analyser."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from ..lines import python_lines
from ..shell import command_hits
from .detector import analyse, parse_failure, prefilter

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


PYTHON_CELL_MAGICS = ("%%capture", "%%time", "%%timeit", "%%prun", "%%debug", "%%memit")


class NotebookDetector:
    """``.ipynb`` JSON; the code cells are analysed as one module so values flow between cells."""

    name = "notebook"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix == ".ipynb"

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        if not prefilter(src.data):
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
            lines = python_lines(text)
            if lines and lines[0].startswith(("%%bash", "%%sh", "%%script")):
                for i, line in enumerate(lines[1:], start=2):
                    yield from (hit_reference(src, h, self.name, cell=number) for h in command_hits(line, i))
                continue
            if lines and lines[0].startswith("%%") and not lines[0].startswith(PYTHON_CELL_MAGICS):
                continue  # another language (%%html, %%javascript, %%writefile ...); %%capture/%%time cells are Python
            for i, line in enumerate(lines, start=1):
                line = env_magic(colab_param_choices(line))
                stripped = line.lstrip()
                if stripped.startswith(SHELL_MAGICS):
                    command = stripped.lstrip("!%")
                    yield from (hit_reference(src, h, self.name, cell=number) for h in command_hits(command, i))
                    line = line[: len(line) - len(stripped)] + "pass"
                elif stripped.startswith("%") or stripped.endswith("?"):
                    line = line[: len(line) - len(stripped)] + "pass"
                code.append(line)
                where.append((number, i))
        yield from self._python(src, code, where)

    def _python(self, src: SourceFile, code: list[str], where: list[tuple[int, int]]) -> Iterator[Reference]:
        text = "\n".join(code)
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            yield from self._per_cell(src, code, where)
            return
        for hit in analyse(tree, text):
            yield self._place(src, hit, where)

    def _per_cell(self, src: SourceFile, code: list[str], where: list[tuple[int, int]]) -> Iterator[Reference]:
        """One cell does not parse: analyse the others one by one."""
        start = 0
        while start < len(code):
            cell = where[start][0]
            end = start
            while end < len(code) and where[end][0] == cell:
                end += 1
            text = "\n".join(code[start:end])
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
                reason, detail = parse_failure(exc, text.encode("utf-8", "replace"))
                src.gaps.append((reason, f"cell {cell}: {detail}"))
                start = end
                continue
            for hit in analyse(tree, text):
                yield self._place(src, hit, where[start:end])
            start = end

    def _place(self, src: SourceFile, hit: Hit, where: list[tuple[int, int]]) -> Reference:
        index = (hit.line or 1) - 1
        cell, line = where[index] if 0 <= index < len(where) else (None, hit.line)
        moved = Hit(**{**{f: getattr(hit, f) for f in hit.__dataclass_fields__}, "line": line})
        return hit_reference(src, moved, self.name, cell=cell)
