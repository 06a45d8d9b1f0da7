"""Registry schema: the bundled data loads, is large enough, and bad entries are rejected with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import RegistryError
from scanner.resolve import load_registry
from scanner.resolve.registry import Registry

BUNDLED = Path(__file__).resolve().parents[2] / "rules" / "registry"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    directory = tmp_path / "registry"
    directory.mkdir(exist_ok=True)
    (directory / "countries.yaml").write_text((BUNDLED / "countries.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def _problems(directory: Path) -> list[str]:
    with pytest.raises(RegistryError) as err:
        load_registry(directory)
    return [str(p) for p in err.value.problems]


def test_bundled_sizes(registry: Registry) -> None:
    assert len({id(o) for o in registry.orgs.values()}) >= 300
    assert len(registry.ollama) >= 150
    assert len(registry.packages) >= 100
    assert len({id(lic) for lic in registry.licenses.values()}) >= 60
    assert len(registry.countries) == 250  # 249 ISO 3166-1 codes + XX
    assert registry.knowledge_date == "2026-12-01"
    assert len(registry.signatures) >= 60 and len({s.family for s in registry.signatures}) >= 35
    providers = {p.provider for p in registry.providers}
    assert {"openai", "anthropic", "google", "xai", "mistral", "cohere", "ai21", "deepseek", "dashscope", "zhipu", "moonshot",
            "minimax", "qianfan", "doubao", "hunyuan", "spark", "stepfun", "lingyiwanwu", "baichuan", "sensenova", "gigachat",
            "yandex", "naver", "upstage", "perplexity", "groq", "together", "fireworks", "openrouter", "bedrock", "azure"} <= providers


def test_bundled_every_entry_has_source(registry: Registry) -> None:
    assert all(o.source for o in registry.orgs.values())
    assert all(f.source for f in registry.families)
    assert all(e.source for e in registry.ollama.values())
    assert all(p.source for p in registry.providers)
    assert all(p.source for p in registry.packages.values())
    assert all(lic.source for lic in registry.licenses.values())
    assert all(e.source for e in registry.lineage.values())


def test_renamed_namespaces(registry: Registry) -> None:
    for old, new in (("THUDM", "zai-org"), ("CohereForAI", "CohereLabs"), ("sberbank-ai", "ai-forever")):
        assert registry.org(old) is registry.org(new) is not None
    assert registry.org("jinaai").country == "DE"  # type: ignore[union-attr]
    assert registry.org("tiiuae").country == "AE"  # type: ignore[union-attr]
    assert registry.org("TheBloke").role == "quantizer"  # type: ignore[union-attr]


def test_missing_country_names_file_and_line(tmp_path: Path) -> None:
    directory = _write(tmp_path, "orgs.yaml", "organizations:\n  - {namespace: a, developer: A, kind: company, source: s}\n"
                                               "  - namespace: b\n    developer: B\n    country: ZZ\n    kind: company\n    source: s\n")
    problems = _problems(directory)
    assert any(p.startswith("rules/registry/orgs.yaml:2: organizations[0]") and "missing country" in p for p in problems)
    assert any(p.startswith("rules/registry/orgs.yaml:5: organizations[1].country") and "unknown country code 'ZZ'" in p for p in problems)


def test_unquoted_no_is_explained(tmp_path: Path) -> None:
    directory = _write(tmp_path, "orgs.yaml", "organizations:\n  - {namespace: a, developer: A, country: NO, kind: company, source: s}\n")
    assert any("quote NO" in p for p in _problems(directory))


def test_missing_source_unknown_key_bad_regex_and_refs(tmp_path: Path) -> None:
    directory = _write(tmp_path, "x.yaml", """knowledge_date: 2026-01-01
families:
  - {family: f, developer: D, country: US, patterns: ['(unclosed'], source: s}
  - {family: g, developer: D, country: US, patterns: ['g'], base: nope, source: s}
organizations:
  - {namespace: a, developer: A, country: US, kind: company}
  - {namespace: b, developer: B, country: US, kind: startup, source: s, contry: US}
licenses:
  - {key: k, spdx: not-a-license, name: K, category: permissive, source: s}
  - {key: l, spdx: apache-2.0, name: L, category: permissive, source: s}
""")
    problems = "\n".join(_problems(directory))
    assert "x.yaml:3: families[0].patterns: bad regex" in problems
    assert "x.yaml:4: families[1]: unknown family 'nope'" in problems
    assert "x.yaml:6: organizations[0]: missing source" in problems
    assert "x.yaml:7: organizations[1].kind: unknown value 'startup'" in problems
    assert "x.yaml:7: organizations[1].contry: unknown key" in problems
    assert "licenses[0].spdx: not an SPDX license expression" in problems
    assert "licenses[1].spdx: write the canonical SPDX form 'Apache-2.0'" in problems


def test_user_overrides_win_and_are_marked(registry: Registry) -> None:
    extra = {"organizations": [{"namespace": "acme-ai", "developer": "ACME", "country": "DE", "kind": "company"},
                               {"namespace": "Qwen", "developer": "Qwen (vendor review)", "country": "CN", "kind": "company"}],
             "models": [{"model": "acme-ai/helper-7b", "base": "Qwen/Qwen2.5-7B"}]}
    reg = load_registry(extra=extra)
    assert reg.org("acme-ai").origin_source == "user-config"  # type: ignore[union-attr]
    assert reg.org("qwen").developer == "Qwen (vendor review)"  # type: ignore[union-attr]
    assert reg.lineage_of("acme-ai/helper-7b").base == "Qwen/Qwen2.5-7B"  # type: ignore[union-attr]


def test_user_override_errors_are_collected() -> None:
    with pytest.raises(RegistryError) as err:
        load_registry(extra={"organizations": [{"namespace": "x", "developer": "X", "country": "XY", "kind": "company"}],
                             "widgets": []})
    text = str(err.value)
    assert "config:registry" in text and "unknown country code 'XY'" in text and "unknown section" in text


def test_jurisdictions(registry: Registry) -> None:
    assert registry.countries_of_concern("US") == ("CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE")
    assert registry.countries_of_concern("FR") == ()
    assert "NO" in registry.expand(["EEA"]) and len(registry.expand(["EU"])) == 27
    assert registry.expand(["FIVE_EYES"]) == ("US", "GB", "CA", "AU", "NZ")
    assert len(registry.expand(["NATO"])) == 32


def test_provider_for_host(registry: Registry) -> None:
    assert registry.provider_for_host("api.deepseek.com") == "deepseek"
    assert registry.provider_for_host("https://dashscope-intl.aliyuncs.com/compatible-mode/v1") == "dashscope"
    assert registry.provider_for_host("my-resource.openai.azure.com") == "azure"
    assert registry.provider_for_host("bedrock-runtime.us-east-1.amazonaws.com") == "bedrock"
    assert registry.provider_for_host("ark.cn-beijing.volces.com") == "doubao"
    assert registry.provider_for_host("http://localhost:11434/v1") == "ollama"
    assert registry.provider_for_host("localhost:8000") is None
    assert registry.provider_for_host("example.com") is None


def test_provider_aliases(registry: Registry) -> None:
    assert registry.provider("volcengine").provider == "doubao"  # type: ignore[union-attr]
    assert registry.provider("01ai").provider == "lingyiwanwu"  # type: ignore[union-attr]
    assert registry.provider("vertex_ai").provider == "vertex"  # type: ignore[union-attr]
    assert registry.provider("nonexistent") is None
