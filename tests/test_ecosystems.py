"""Ecosystem-keyed packages: ids, knowledge-base keys, purls, and npm's ollama kept apart from PyPI's."""

from __future__ import annotations

from scanner.ecosystems import purl, registry_key, split_id
from scanner.models import Location, Reference, RefKind
from scanner.resolve import Resolver, load_registry


def test_ids_keys_and_purls() -> None:
    assert split_id("npm:@ai-sdk/openai") == ("npm", "@ai-sdk/openai")
    assert split_id("sentence-transformers") == ("pypi", "sentence-transformers")
    assert registry_key("go:github.com/openai/openai-go/v2") == "go:github.com/openai/openai-go"
    assert registry_key("nuget:microsoft.semantickernel") == "nuget:microsoft.semantickernel"
    assert registry_key("Sentence_Transformers") == "sentence-transformers"
    assert purl("npm:@ai-sdk/openai", "1.0.8") == "pkg:npm/%40ai-sdk/openai@1.0.8"
    assert purl("maven:com.openai:openai-java") == "pkg:maven/com.openai/openai-java"
    assert purl("go:github.com/ollama/ollama", "v0.4.7") == "pkg:golang/github.com/ollama/ollama@v0.4.7"
    assert purl("nuget:OpenAI", "2.1.0") == "pkg:nuget/OpenAI@2.1.0"


def _ref(identifier: str) -> Reference:
    return Reference(kind=RefKind.PACKAGE, identifier=identifier, location=Location(path="x", line=1, column=None, cell=None),
                     detector="t", specifier="")


def test_same_name_in_two_ecosystems_stays_two_packages() -> None:
    resolver = Resolver(load_registry())
    packages = {p.name: p for p in resolver.resolve_packages([_ref("ollama"), _ref("npm:ollama"), _ref("nuget:microsoft.semantickernel"),
                                                              _ref("npm:left-pad")])}
    assert set(packages) == {"ollama", "npm:ollama", "nuget:microsoft.semantickernel"}
    assert packages["npm:ollama"].developer == "Ollama" and packages["nuget:microsoft.semantickernel"].developer == "Microsoft"
    cn = {p.name for p in resolver.resolve_packages([_ref("go:github.com/volcengine/volcengine-go-sdk"), _ref("maven:com.alibaba:dashscope-sdk-java")])
          if p.country == "CN"}
    assert cn == {"go:github.com/volcengine/volcengine-go-sdk", "maven:com.alibaba:dashscope-sdk-java"}
