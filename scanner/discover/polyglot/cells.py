"""Notebooks whose kernel is not Python (.NET Interactive C#, Deno or tslab TypeScript, IJava...): their code cells
read with that language's grammar; ``#r "nuget: ..."`` and ``#:package`` directives name NuGet packages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..base import Hit
from ..manifests.common import MAX_PACKAGES, package_hit

# kernelspec.language / language_info.name / a cell's kernel name -> the grammar that reads it
KERNEL_LANGUAGES = {"c#": "csharp", "csharp": "csharp", ".net-csharp": "csharp", "typescript": "typescript", "javascript": "javascript",
                    "java": "java", "kotlin": "kotlin", "go": "go", "rust": "rust"}
_NUGET_REF = re.compile(r'^\s*#r\s+"nuget:\s*(?P<name>[A-Za-z0-9_.-]{1,200})\s*(?:,\s*(?P<version>[^"\s]{1,100}))?\s*"')
_FILE_PACKAGE = re.compile(r"^#:package\s+(?P<name>[A-Za-z0-9_.-]{1,200})(?:@(?P<version>\S{1,100}))?\s*$")
# Kernel directives of a cell (``#!csharp``, ``#r``, ``#load``, ``#i``, ``%magic``): not the language's syntax
_DIRECTIVE = re.compile(r"^\s*(?:#!|#r\s|#load\s|#i\s|%)")
MAX_CELLS = 5000


def file_package_hits(text: str) -> Iterator[Hit]:
    """``#:package OpenAI@2.*`` at the top of a C# file run with ``dotnet run app.cs``."""
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FILE_PACKAGE.match(line.strip()) if line.startswith("#:") else None
        if match is not None and count < MAX_PACKAGES:
            count += 1
            yield package_hit("nuget", match.group("name"), match.group("version") or "", number, "#:package")


def _language(value: object) -> str | None:
    return KERNEL_LANGUAGES.get(value.strip().lower()) if isinstance(value, str) else None


def kernel_language(doc: dict[str, Any]) -> str | None:
    """The grammar of a notebook's default kernel, or None for Python (and kernels read by no grammar here)."""
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        return None
    spec, info = meta.get("kernelspec"), meta.get("language_info")
    found = _language(spec.get("language")) if isinstance(spec, dict) else None
    if found is None and isinstance(info, dict):
        found = _language(info.get("name"))
    polyglot = meta.get("polyglot_notebook")
    if found is None and isinstance(polyglot, dict) and isinstance(polyglot.get("kernelInfo"), dict):
        found = _language(polyglot["kernelInfo"].get("defaultKernelName"))
    return found


def _cell_language(cell: dict[str, Any], default: str) -> str | None:
    """A polyglot notebook's cell names its own kernel (``csharp``, ``fsharp``, ``pwsh``, ``javascript``, ``sql``)."""
    meta = cell.get("metadata")
    if isinstance(meta, dict):
        for holder, key in (("polyglot_notebook", "kernelName"), ("dotnet_interactive", "language")):
            inner = meta.get(holder)
            value = inner.get(key) if isinstance(inner, dict) else None
            if isinstance(value, str):
                return _language(value)  # a kernel no grammar reads here (F#, PowerShell, SQL): not this notebook's code
    return default


def notebook_hits(cells: list[object], default: str, gaps: list[tuple[str, str]]) -> Iterator[tuple[int, Hit]]:
    """(cell number, hit) for the code cells of a notebook whose kernel is ``default``; the cells of one language are
    read as one source, so a value set in one cell reaches a slot in a later one."""
    from .detector import source_hits

    sources: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}  # language -> (lines, line -> (cell, line in cell))
    if len(cells) > MAX_CELLS:
        from ..cutshort import cut_short

        cut_short("cell-cap", f"more than {MAX_CELLS:,} cells: the rest were not read")
    for number, cell in enumerate(cells[:MAX_CELLS], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        language = _cell_language(cell, default)
        if language is None:
            continue
        source = cell.get("source", "")
        text = "".join(p for p in source if isinstance(p, str)) if isinstance(source, list) else source if isinstance(source, str) else ""
        lines, where = sources.setdefault(language, ([], []))
        for i, line in enumerate(text.splitlines(), start=1):
            nuget = _NUGET_REF.match(line)
            if nuget is not None:
                yield number, package_hit("nuget", nuget.group("name"), nuget.group("version") or "", i, '#r "nuget:"')
            lines.append("" if _DIRECTIVE.match(line) else line)
            where.append((number, i))
    for language, (lines, where) in sorted(sources.items()):
        text = "\n".join(lines)
        for hit in source_hits(language, text.encode("utf-8", "surrogatepass"), text, gaps):
            index = (hit.line or 1) - 1
            if 0 <= index < len(where):
                cell, at = where[index]
                yield cell, Hit(**{**{f: getattr(hit, f) for f in hit.__dataclass_fields__}, "line": at})
