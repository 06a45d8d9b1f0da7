"""Family patterns are searched only when the name holds a literal they require: the result is exactly what searching
each pattern gives (the same families, earliest start, longest length and order) on registry names, real-looking
names and random text, and a required literal is in every text its pattern matches (random patterns)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.lazyre import LazyPattern
from scanner.resolve import families, load_registry
from scanner.resolve.entries import FamilyEntry


def _plain(fams: list[FamilyEntry], text: str) -> list[tuple[int, int, str]]:
    """The definition: each pattern searched alone, the earliest then longest match per family, sorted."""
    found: dict[str, tuple[int, int]] = {}
    for fam in fams:
        for pattern in fam.patterns:
            m = re.compile(pattern.pattern, pattern.flags).search(text)
            if m and (fam.family not in found or (m.start(), -len(m.group(0))) < found[fam.family]):
                found[fam.family] = (m.start(), -len(m.group(0)))
    return sorted(((s, n, f) for f, (s, n) in found.items()), key=lambda t: (t[0], t[1]))


def _indexed(fams: list[FamilyEntry], text: str) -> list[tuple[int, int, str]]:
    return [(s, n, fam.family) for s, n, fam in families._matches(fams, text)]


def _corpus() -> list[str]:
    reg = load_registry()
    names = [name for fam in reg.families for name in (fam.family, fam.developer, *fam.model_types)]
    names += list(reg.lineage)[:400]
    names += ["Qwen/Qwen2.5-7B-Instruct", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "THUDM/glm-4-9b-chat",
              "unsloth/Llama-3.2-1B-Instruct-bnb-4bit", "mradermacher/Qwen2.5-Coder-7B-Instruct-i1-GGUF",
              "yi-34b", "Yi-1.5-9B", "mistralai/Mixtral-8x7B-v0.1", "internlm2_5-7b", "codeqwen1.5", "qwq-32b",
              "gpt-4o-mini", "claude-3-5-sonnet", "gemma-2-9b-it", "phi-3-mini", "baichuan2-13b", "ERNIE-4.5",
              "my-finetune", "", "x" * 300, "qwenqwenqwen", "QWEN-deepseek-glm-4-yi-6b"]
    return names


def test_indexed_search_equals_one_search_per_pattern_on_registry_and_real_names() -> None:
    fams = load_registry().families
    literals = families._index(fams).literals
    assert sum(bool(lit) for lits in literals for lit in lits) > 250  # nearly every bundled pattern has one
    for name in _corpus():
        assert _indexed(fams, name) == _plain(fams, name), name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["qwen", "Qwen", "2.5", "-", "_", "glm", "4", "yi", "deepseek", "r1", "llama",
                                 "3", "b", "gemma", "phi", "mistral", "/", ".", "coder", "vl", "distill", "z1",
                                 "intern", "kimi", "x", " ", "\u212aimi", "\u017fmol", "\u0130"]), max_size=12).map("".join))
def test_indexed_search_equals_one_search_per_pattern_on_random_names(name: str) -> None:
    fams = load_registry().families
    assert _indexed(fams, name) == _plain(fams, name)


_PIECES = ["q", "w", "en", "Q", "1", "-", "_", "/", ":", ".", "\\d", "\\.", "\\+", "[a-z]", "[^]q]", "[]w]", "?", "*",
           "+", "{2}", "{1,3}", "{", "}", "(", ")", "(?:", "(?<![a-z])", "(?=w)", "|", "^", "$", "(?i)", "(?x)", "#",
           " ", "(?#qw)", "??", "+?"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10).map("".join),
       st.lists(st.sampled_from(["q", "w", "e", "n", "Q", "W", "1", "22", "-", "_", "/", ":", ".", "+", " ", "#", "a",
                                 "]", "{", "}"]), max_size=14).map("".join))
def test_a_required_literal_is_in_every_ascii_text_the_pattern_matches(pattern: str, text: str) -> None:
    try:
        compiled = re.compile(pattern, re.I)
    except (re.error, DeprecationWarning, FutureWarning):
        return
    literal = families.required_literal(pattern, re.I)
    if compiled.search(text):
        assert literal in text.lower(), (pattern, text, literal)


@pytest.mark.parametrize(("pattern", "literal"), [
    (r"(?<![a-z])qwen", "qwen"), (r"(?<![a-z])glm[-_]?(z1|\d)", "glm"), (r"intern-?s1", "intern"),
    (r"qwen{2}", "qwe"), (r"a{2}", ""), (r"a{2,5}b", "b"), (r"ab+c", "ab"), (r"[]qwen]x", "x"), (r"[^]a]bc", "bc"),
    (r"qwen|glm", ""), (r"q(?#qw)??", ""), (r"ab(?#c)d", "abd"), (r"ab(?#c)d*", "ab"),
    (r"(?x) # qwen", ""), (r"a{(b|}c)d", "d"), (r"\dQwen\d", "qwen"), (r"x.y", "x"),
])
def test_required_literals_are_conservative(pattern: str, literal: str) -> None:
    assert families.required_literal(pattern) == literal
    assert families.required_literal(pattern, re.X) == ""


def _family(name: str, *patterns: str, flags: int = re.I) -> FamilyEntry:
    return FamilyEntry(family=name, developer=name, country="US", patterns=tuple(LazyPattern(p, flags) for p in patterns))


def test_non_ascii_text_is_searched_in_full() -> None:
    """Under IGNORECASE, KELVIN SIGN matches k and LONG S matches s: the ASCII literal filter must not hide them."""
    fams = [_family("kimi", r"(?<![a-z])kimi"), _family("smol", r"smol")]
    for text in ("\u212aimi-k2", "\u017fmol-1.7b", "kimi", "none"):
        assert _indexed(fams, text) == _plain(fams, text), text
    assert [f for _, _, f in _indexed(fams, "\u212aimi-k2")] == ["kimi"]


def test_longest_match_at_the_earliest_start_wins_as_before() -> None:
    fams = [_family("f", r"qw", r"qwen2\.5", r"qwen")]
    assert _indexed(fams, "xqwen2.5") == _plain(fams, "xqwen2.5") == [(1, -7, "f")]
