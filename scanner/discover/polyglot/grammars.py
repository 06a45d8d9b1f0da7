"""Which tree-sitter grammar reads which file, loaded lazily; a missing grammar is an error, never a silent skip."""

from __future__ import annotations

import functools
import importlib
from typing import Any

# suffix -> language key
LANGUAGES: dict[str, str] = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
    ".go": "go", ".java": "java", ".kt": "kotlin", ".kts": "kotlin", ".cs": "csharp", ".rs": "rust",
}
# language key -> (module of the grammar wheel, function returning the language pointer)
_WHEELS: dict[str, tuple[str, str]] = {
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "csharp": ("tree_sitter_c_sharp", "language"),
    "rust": ("tree_sitter_rust", "language"),
}
# A family of languages shares call shapes and SDK tables.
FAMILY: dict[str, str] = {"javascript": "js", "typescript": "js", "tsx": "js", "go": "go", "java": "jvm", "kotlin": "jvm",
                          "csharp": "dotnet", "rust": "rust"}


class GrammarMissing(RuntimeError):
    """The grammar wheel of a language is not installed (or does not load): the file is not analysed."""


def language_of(suffix: str) -> str | None:
    return LANGUAGES.get(suffix.lower())


@functools.cache
def _parser(language: str) -> Any:
    module, function = _WHEELS[language]
    try:
        import tree_sitter

        grammar = importlib.import_module(module)
        return tree_sitter.Parser(tree_sitter.Language(getattr(grammar, function)()))
    except (ImportError, AttributeError, ValueError, TypeError, OSError) as exc:
        raise GrammarMissing(f"tree-sitter grammar for {language} unavailable ({module}: {exc.__class__.__name__}); file not analysed") from exc


def parse(language: str, data: bytes) -> Any:
    """The tree-sitter tree of ``data``; raises GrammarMissing when the grammar cannot be loaded."""
    return _parser(language).parse(data)


__all__ = ["FAMILY", "LANGUAGES", "GrammarMissing", "language_of", "parse"]
