"""Read a model name: which family made it, which family is its base, whether it is a quantised copy or a distill."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..lazyre import LazyPattern, required_literal
from ..records import record
from .entries import FamilyEntry

if TYPE_CHECKING:
    from .registry import Registry

__all__ = ["required_literal"]  # moved to lazyre (LazyPattern prefilters with it); tests import it from here

_QUANT_WORDS = (r"gguf|ggml|gptq|awq|exl2|exl3|mlx|bnb|nf4|hqq|aqlm|fp8|fp16|bf16|f16|f32|int4|int8|w4a16|w8a8|w4a16g128|"
                r"[2-8]-?bits?|imat(rix)?|i1|dynamic|unsloth|quantized|quant|onnx|openvino|ov|llamafile|"
                r"q[2-8](_k)?(_[a-z]+)?|q[2-8]_[01]|iq[1-4]_?[a-z]*|tq[12]_0|\d+(\.\d+)?bpw|\d+bpw|hf|ct2|ctranslate2")
_QUANT_SUFFIX = LazyPattern(rf"[-_.](?:{_QUANT_WORDS})$", re.I)
_QUANT_MARK = LazyPattern(rf"(?<![a-z0-9])(?:{_QUANT_WORDS})(?![a-z0-9])", re.I)
_NON_QUANT = frozenset({"hf", "unsloth", "dynamic", "onnx", "openvino", "ov", "ct2", "ctranslate2", "quant"})
_DISTILL = LazyPattern(r"^(?P<teacher>.+?)[-_. ]distill(?:ed)?[-_. ](?P<student>.+)$", re.I)
_ADAPTER = LazyPattern(r"(?<![a-z])(lora|qlora|adapter|peft)(?![a-z])", re.I)
_MERGE = LazyPattern(r"(?<![a-z])(merge[ds]?|slerp|ties|dare|frankenmerge|passthrough)(?![a-z])", re.I)


@record(frozen=True, slots=True)
class NameMatch:
    """What a model name says: ``developer`` family made this line, ``base`` is the root pre-trained family."""

    developer: FamilyEntry
    base: FamilyEntry
    relation: str  # quantized, distillation, adapter, merge, or "" when the name gives no hint
    teacher: FamilyEntry | None = None

    @property
    def derived(self) -> bool:
        return self.base is not self.developer or bool(self.relation)


def strip_quant_suffix(name: str) -> str:
    """``Qwen2.5-7B-Instruct-Q4_K_M-GGUF`` -> ``Qwen2.5-7B-Instruct`` (also drops a file extension)."""
    text = re.sub(r"\.(gguf|ggml|bin|safetensors|llamafile|onnx|pt|pth)$", "", name, flags=re.I)
    while True:
        shorter = _QUANT_SUFFIX.sub("", text)
        if shorter == text or not shorter:
            return text
        text = shorter


def name_relation(name: str) -> str:
    """The relation a name hints at: quantized, adapter, merge or ''."""
    marks = {m.group(0).lower() for m in _QUANT_MARK.finditer(name)}
    if marks - _NON_QUANT:
        return "quantized"
    if _ADAPTER.search(name):
        return "adapter"
    if _MERGE.search(name):
        return "merge"
    return ""


class _FamilyIndex:
    """For each family pattern, a literal its matches must contain; literals are indexed by their first three
    characters, so a plain-ASCII name is checked against the few patterns whose literal starts with one of its
    trigrams (plus those with a literal too short to index), not against all ~300."""

    def __init__(self, families: list[FamilyEntry]) -> None:
        self.families = families
        self.literals = [tuple(p.literal for p in fam.patterns) for fam in families]  # shipped with the built registry
        self.every = [(f, p) for f, lits in enumerate(self.literals) for p in range(len(lits))]
        self.short = [(f, p) for f, p in self.every if len(self.literals[f][p]) < 3]
        self.by_trigram: dict[str, list[tuple[int, int]]] = {}
        for f, p in self.every:
            if len(literal := self.literals[f][p]) >= 3:
                self.by_trigram.setdefault(literal[:3], []).append((f, p))

    def candidates(self, text: str) -> list[tuple[int, int]]:
        """(family, pattern) indices, in registry order, of the patterns that may match ``text``.

        Only for ASCII text is "the lower-cased literal is in the lower-cased text" necessary: under IGNORECASE a
        non-ASCII character can match an ASCII one (KELVIN SIGN and k, LONG S and s), so such text is searched
        with every pattern."""
        if not text.isascii():
            return self.every
        low = text.lower()
        found = set(self.short)
        for i in range(len(low) - 2):
            for f, p in self.by_trigram.get(low[i:i + 3], ()):
                if self.literals[f][p] in low:
                    found.add((f, p))
        return sorted(found)


_INDEX: list[_FamilyIndex] = []


def _index(families: list[FamilyEntry]) -> _FamilyIndex:
    if not _INDEX or _INDEX[0].families is not families or len(_INDEX[0].literals) != len(families):
        _INDEX[:] = [_FamilyIndex(families)]
    return _INDEX[0]


def _matches(families: list[FamilyEntry], text: str) -> list[tuple[int, int, FamilyEntry]]:
    found: dict[str, tuple[int, int, FamilyEntry]] = {}
    for f, p in _index(families).candidates(text):
        fam = families[f]
        m = fam.patterns[p].search(text)
        if m and (fam.family not in found or (m.start(), -len(m.group(0))) < found[fam.family][:2]):
            found[fam.family] = (m.start(), -len(m.group(0)), fam)
    return sorted(found.values(), key=lambda t: (t[0], t[1]))


def _pick(registry: Registry, text: str) -> tuple[FamilyEntry, FamilyEntry] | None:
    """(developer family, base family) for a name without a distillation marker."""
    found = _matches(registry.families, text)
    if not found:
        return None
    foundation = [f for _, _, f in found if f.kind == "foundation"]
    product = [f for _, _, f in found if f.kind == "product"]
    specific = [f for f in product if not f.generic] or product
    developer = specific[0] if specific else foundation[0]
    if foundation:
        return developer, foundation[0]
    fixed = registry.family(developer.base) if developer.base else None
    return developer, fixed or developer


def match_name(registry: Registry, text: str) -> NameMatch | None:
    """Families named in ``text``; a ``<teacher>-Distill-<student>`` name makes the student the base."""
    name = text.rsplit("/", 1)[-1]
    relation = name_relation(name)
    distill = _DISTILL.match(name)
    if distill:
        student = _pick(registry, distill.group("student"))
        teacher = _pick(registry, distill.group("teacher"))
        if student is not None:
            developer = teacher[0] if teacher else student[0]
            return NameMatch(developer=developer, base=student[1], relation="distillation",
                             teacher=teacher[1] if teacher else None)
    picked = _pick(registry, name)
    if picked is None:
        return None
    return NameMatch(developer=picked[0], base=picked[1], relation=relation)
