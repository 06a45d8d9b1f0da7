"""The detector of non-Python sources: parse with the language's tree-sitter grammar, follow values, report model slots."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...models import Reference
from ..base import SourceFile, hit_reference
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
        if not PREFILTER.search(src.lowered):  # lower-case pattern over lowered bytes = (?i) over the bytes
            return ()
        from .analyse import Analysis
        from .ir import Builder
        from .records import TooManyNodes

        language = language_of(src.suffix) or ""
        tree = parse(language, src.data)  # GrammarMissing: the engine records the file as not analysed
        try:
            unit = Builder(FAMILY[language]).build(tree.root_node)
        except TooManyNodes as exc:  # a generated table (LocalAI's 3.5 MB float array): the fallback reads it line by line
            src.gaps.append(("too-many-nodes", str(exc)))
            return ()
        hits = Analysis(unit, src.text.splitlines()).run()
        return [hit_reference(src, hit, f"{self.name}:{language}") for hit in hits]
