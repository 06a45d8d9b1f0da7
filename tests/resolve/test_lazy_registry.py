"""The bundled registry is built without its checks (regexes compiled on first use): with every check on it has no problem, and the result is the same."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from scanner.data import registry_dir
from scanner.errors import RegistryError
from scanner.lazyre import LazyPattern
from scanner.resolve import load_registry
from scanner.resolve.registry import Registry, _build, _display
from scanner.yamlio import load_yaml_file


def _bundled_paths() -> list[Path]:
    directory = registry_dir()
    return [directory / "countries.yaml", *(p for p in sorted(directory.glob("*.yaml")) if p.name != "countries.yaml")]


def _patterns(reg: Registry) -> list[LazyPattern]:
    out = [p for fam in reg.families for p in (*fam.patterns, *(rx for rx, _ in fam.license_by_name))]
    out += [p for prov in reg.providers for p in prov.model_patterns]
    out += [tag.pattern for entry in reg.ollama.values() for tag in entry.tags]
    out += [p for size in reg.model_sizes for p in size.patterns]
    return out


def test_bundled_registry_validates_eagerly_and_equals_the_lazy_one() -> None:
    paths = _bundled_paths()
    documents = [load_yaml_file(p, display=_display(p)) for p in paths]
    eager = _build(paths, documents, None, bundled=False)  # every regex compiled now: a bad one is a problem
    assert isinstance(eager, Registry), eager
    lazy = load_registry()
    assert _patterns(lazy) == _patterns(eager) and len(_patterns(lazy)) > 400
    assert lazy == eager  # every table, entry and source alike
    for pattern in _patterns(lazy):
        assert pattern.compiled.pattern == pattern.pattern and pattern.compiled.flags & re.I


def test_lazy_pattern_behaves_like_the_compiled_one() -> None:
    lazy = LazyPattern(r"llama-?(\d)", re.I)
    assert lazy._compiled is None
    m = lazy.search("Meta-Llama-3-8B")
    assert m is not None and m.group(1) == "3"
    assert lazy.fullmatch("llama3") and not lazy.match("x-llama3") and lazy.match("LLAMA-2 chat")
    copy = pickle.loads(pickle.dumps(lazy))
    assert copy == lazy and hash(copy) == hash(lazy) and copy._compiled is None and copy.search("llama2")
    assert lazy != LazyPattern(r"llama-?(\d)") and lazy != re.compile(r"llama-?(\d)", re.I)
    with pytest.raises(re.error):
        LazyPattern("(unclosed").search("x")


def test_a_bad_regex_in_an_overlay_or_the_config_is_still_a_load_problem(tmp_path: Path) -> None:
    overlay = tmp_path / "extra.yaml"
    overlay.write_text("families:\n  - {family: f, developer: D, country: US, patterns: ['(unclosed']}\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry(overlays=[overlay])
    assert any("extra.yaml:2: families[0].patterns: bad regex" in str(p) for p in err.value.problems)
    extra = {"ollama": [{"name": "x", "base": "Llama", "tags": {"[bad": {"base": "Llama"}}}]}
    with pytest.raises(RegistryError) as err:
        load_registry(extra=extra)
    assert any("bad regex" in str(p) and "tags" in str(p) for p in err.value.problems)


def _names(reg: Registry) -> list[str]:
    """Texts the registry patterns are asked about in a scan: known ids, their name parts, Ollama names, API-style
    names, a few variations, and non-ASCII look-alikes (KELVIN SIGN, LONG S, dotless i) that IGNORECASE folds."""
    ids = [*reg.lineage, *(alt.model for alt in reg.alternatives), *reg.ollama, *reg.orgs]
    out = set(ids) | {i.rsplit("/", 1)[-1] for i in ids}
    out |= {f"{n}:7b-instruct-q4_K_M" for n in reg.ollama} | {f"us.{n}-v1:0" for n in list(out)[:200]}
    out |= {"", "x", "gpt-4o-mini", "deepseek-chat", "qwen-max", "glm-4-plus", "kimi-k2", "moonshot-v1-8k",
            "\u212aimi-k2", "deep\u017feek-r1", "Q\u0131wen", "ERNIE-4.5", "claude-3-5-sonnet", "mistral-large-latest"}
    return sorted(out)


def test_prefiltered_patterns_answer_exactly_as_compiled_ones() -> None:
    """A registry pattern skips a text without its literal, without compiling: every bundled pattern x every name a
    scan might ask gives the same search, match and fullmatch answers as re."""
    reg = load_registry()
    patterns = _patterns(reg)
    assert sum(p._prefilter for p in patterns) == len(patterns) > 400
    assert sum(bool(p.literal) for p in patterns) > 300  # most have a literal, so most texts skip most patterns
    names = _names(reg)
    skipped = 0
    for bundled in patterns:
        fresh = LazyPattern(bundled.pattern, bundled.flags, prefilter=True, literal=bundled.literal)
        real = re.compile(bundled.pattern, bundled.flags)
        for name in names:
            for method in ("search", "match", "fullmatch"):
                got, want = getattr(fresh, method)(name), getattr(real, method)(name)
                assert (got and got.span()) == (want and want.span()), (bundled.pattern, name, method)
            skipped += fresh._compiled is None
            fresh._compiled = None
    assert skipped > len(patterns) * len(names) // 2


def test_a_prefilter_never_skips_non_ascii_text_or_a_later_position() -> None:
    kimi = LazyPattern(r"(?<![a-z])kimi", re.I, prefilter=True)
    assert kimi.search("moonshot-v1") is None and kimi._compiled is None  # no literal, no compile
    assert kimi.search("\u212aimi-k2") is not None  # KELVIN SIGN folds to k under IGNORECASE
    glm = LazyPattern(r"glm", re.I, prefilter=True)
    assert glm.search("xx glm", 3) is not None and glm.search("no", 1) is None
    plain = LazyPattern(r"glm", re.I)  # not a registry pattern: always compiled and searched
    assert plain.search("abc") is None and plain._compiled is not None
    assert pickle.loads(pickle.dumps(glm)).search("GLM-4") is not None
