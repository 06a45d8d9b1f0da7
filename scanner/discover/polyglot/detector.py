"""The detector of non-Python sources: parse with the language's tree-sitter grammar, follow values, report model slots."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from .grammars import FAMILY, language_of, parse

PREFILTER = re.compile(rb"model|ollama|pipeline|pretrained|@cf/|@hf/|deployment|openai|anthropic|claude|gemini|gpt|llm|genai|bedrock|"
                       rb"completion|chatclient|deepseek|qwen|glm|ernie|doubao|moonshot|mistral|embedding")
SKIP_SUFFIXES = (".d.ts", ".min.js", ".bundle.js", ".map")


class PolyglotDetector:
    """JavaScript/TypeScript, Go, Java, Kotlin, C# and Rust sources: SDK calls, keys and model-named constants."""

    name = "polyglot"

    def wants(self, src: SourceFile) -> bool:
        return language_of(src.suffix) is not None and not src.name.lower().endswith(SKIP_SUFFIXES)

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        language = language_of(src.suffix) or ""
        refs: list[Reference] = []
        if language == "csharp" and b"#:package" in src.data:  # a .NET 10 file-based app names its NuGet packages
            from .cells import file_package_hits

            refs.extend(hit_reference(src, hit, "nuget") for hit in file_package_hits(src.text))
        if not PREFILTER.search(src.lowered):  # lower-case pattern over lowered bytes = (?i) over the bytes
            return refs
        hits = source_hits(language, src.data, src.text, src.gaps)
        return refs + [hit_reference(src, hit, f"{self.name}:{language}") for hit in hits]


def source_hits(language: str, data: bytes, text: str, gaps: list[tuple[str, str]]) -> list[Hit]:
    """The model slots of one source of ``language`` (a file, or a notebook's cells joined); GrammarMissing when the
    grammar cannot be loaded (the engine records the file as not analysed)."""
    from .analyse import Analysis
    from .ir import Builder
    from .records import TooManyNodes

    tree = parse(language, data)
    try:
        unit = Builder(FAMILY[language]).build(tree.root_node)
    except TooManyNodes as exc:  # a generated table (LocalAI's 3.5 MB float array): the fallback reads it line by line
        gaps.append(("too-many-nodes", str(exc)))
        return []
    return Analysis(unit, text.splitlines()).run()
