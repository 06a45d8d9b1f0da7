"""Markdown: model-card front matter (always) and fenced code blocks (docs context, only with include_docs)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from ..models import Context, Reference
from .base import Hit, SourceFile, hit_reference
from .configs import config_hits
from .infra import dockerfile_hits, script_hits
from .lines import text_lines
from .python.detector import analyse

_FENCE = re.compile(r"^(?P<indent>\s{0,3})(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+.#-]*)")
SHELL_LANGS = frozenset({"", "bash", "sh", "shell", "console", "zsh", "shell-session", "terminal", "cmd"})
PY_LANGS = frozenset({"python", "py", "python3", "ipython", "pycon"})
CONFIG_LANGS = {"yaml": "x.yaml", "yml": "x.yaml", "toml": "x.toml", "json": "x.json", "ini": "x.ini", "env": ".env", "dotenv": ".env"}
# fence languages read with a tree-sitter grammar (README examples of JS/TS, Go, Java, Kotlin, C# and Rust SDKs)
POLYGLOT_LANGS = {"js": "javascript", "javascript": "javascript", "jsx": "javascript", "mjs": "javascript", "node": "javascript",
                  "ts": "typescript", "typescript": "typescript", "tsx": "tsx", "go": "go", "golang": "go", "java": "java",
                  "kotlin": "kotlin", "kt": "kotlin", "csharp": "csharp", "cs": "csharp", "c#": "csharp", "rust": "rust", "rs": "rust"}


class MarkdownDetector:
    """README and docs pages."""

    name = "markdown"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix in (".md", ".markdown", ".mdx")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        refs: list[Reference] = []
        if src.data.startswith(b"---"):
            refs.extend(self._front_matter(src))
        if src.include_docs and (b"```" in src.data or b"~~~" in src.data):
            for lang, start, body in fences(src.text):
                refs.extend(hit_reference(src, h, self.name, line_offset=start, context=Context.DOCS) for h in block_hits(lang, body))
        return refs

    def _front_matter(self, src: SourceFile) -> Iterator[Reference]:
        lines = text_lines(src.text)
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            return
        body = "\n".join(lines[1:end])
        for hit in config_hits("card.yaml", body):
            yield hit_reference(src, hit, f"{self.name}:card", line_offset=1, context=Context.CONFIG)


def fences(text: str) -> Iterator[tuple[str, int, str]]:
    """(language, line offset of the block, body) for each fenced code block."""
    lines = text_lines(text)
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group("fence"), m.group("lang").lower(), i + 1
        j = start
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        yield lang, start, "\n".join(lines[start:j])
        i = j + 1


def block_hits(lang: str, body: str) -> Iterator[Hit]:
    if lang in PY_LANGS:
        code = "\n".join(line[4:] if line.startswith((">>> ", "... ")) else line for line in text_lines(body))
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return
        yield from analyse(tree, code)
    elif lang in SHELL_LANGS:
        yield from script_hits("\n".join(line[2:] if line.startswith(("$ ", "# ", "> ")) else line for line in text_lines(body)))
    elif lang in CONFIG_LANGS:
        yield from config_hits(CONFIG_LANGS[lang], body)
    elif lang in ("dockerfile", "docker"):
        yield from dockerfile_hits(body)
    elif lang in POLYGLOT_LANGS:
        from .polyglot.detector import PREFILTER, source_hits
        from .polyglot.grammars import GrammarMissing

        if PREFILTER.search(body.lower().encode("utf-8", "replace")):
            try:
                yield from source_hits(POLYGLOT_LANGS[lang], body.encode("utf-8", "replace"), body, [])
            except GrammarMissing:
                return  # docs context: a block whose grammar is not installed is left out, like one that does not parse
