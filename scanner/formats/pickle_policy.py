"""Classify pickle imports (module.name) as allowed, dangerous, known framework classes or unknown."""

from __future__ import annotations

import fnmatch
import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources

SAFE, KNOWN, UNSAFE, UNKNOWN = "safe", "known", "unsafe", "unknown"
DANGEROUS_DUNDERS = frozenset(
    {
        "__globals__",
        "__builtins__",
        "__subclasses__",
        "__class__",
        "__bases__",
        "__base__",
        "__mro__",
        "__code__",
        "__dict__",
        "__getattribute__",
        "__import__",
        "__loader__",
        "__spec__",
        "__self__",
        "__func__",
        "__closure__",
        "__reduce__",
        "__reduce_ex__",
        "__setstate__",
        "__getattr__",
        "__init_subclass__",
        "__call__",
    }
)


@dataclass(frozen=True, slots=True)
class ImportPolicy:
    """The tables of pickle_imports.yaml, split into exact sets and patterns for fast lookups."""

    deny_exact: frozenset[str]
    deny_patterns: tuple[str, ...]
    deny_prefixes: tuple[str, ...]
    allow_exact: frozenset[str]
    allow_patterns: tuple[str, ...]
    known_prefixes: tuple[str, ...]

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - policy objects live for the process
    def classify(self, dotted: str) -> str:
        """Return safe, known, unsafe or unknown for ``module.name``."""
        parts = dotted.split(".")
        if any(p in DANGEROUS_DUNDERS for p in parts):
            return UNSAFE
        if dotted in self.deny_exact:
            return UNSAFE
        if dotted in self.allow_exact or any(fnmatch.fnmatchcase(dotted, p) for p in self.allow_patterns):
            return SAFE
        if any(fnmatch.fnmatchcase(dotted, p) for p in self.deny_patterns):
            return UNSAFE
        if any(dotted == p or dotted.startswith(p + ".") for p in self.deny_prefixes):
            return UNSAFE
        if any(dotted.startswith(p + ".") for p in self.known_prefixes):
            return KNOWN
        return UNKNOWN


def _split(entries: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(e for e in entries if "*" not in e)
    return exact, tuple(e for e in entries if "*" in e)


@functools.cache
def import_policy() -> ImportPolicy:
    """Load the bundled tables once (lazily: yaml is only imported when a pickle is inspected)."""
    import yaml

    text = resources.files("scanner.formats").joinpath("pickle_imports.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    deny_exact, deny_patterns = _split(list(data["deny"]))
    allow_exact, allow_patterns = _split(list(data["allow"]))
    return ImportPolicy(
        deny_exact=deny_exact,
        deny_patterns=deny_patterns,
        deny_prefixes=tuple(data["deny_modules"]),
        allow_exact=allow_exact,
        allow_patterns=allow_patterns,
        known_prefixes=tuple(data["known_modules"]),
    )


def classify(dotted: str) -> str:
    """Classify; a name that changes under NFKC (fullwidth letters, ligatures) is judged by both forms, worst wins."""
    policy = import_policy()
    verdict = policy.classify(_normalise(dotted))
    folded = unicodedata.normalize("NFKC", dotted)
    if folded != dotted:
        other = policy.classify(_normalise(folded))
        return UNSAFE if UNSAFE in (verdict, other) else UNKNOWN if verdict == SAFE or other == SAFE else verdict
    return verdict


def _normalise(dotted: str) -> str:
    """Python 2 aliases and whitespace tricks resolve to the module the unpickler would actually import."""
    text = dotted.strip()
    for old, new in (("__builtin__.", "builtins."), ("exceptions.", "builtins."), ("copy_reg.", "copyreg."), ("cPickle.", "pickle.")):
        if text.startswith(old):
            return new + text[len(old) :]
    return text
