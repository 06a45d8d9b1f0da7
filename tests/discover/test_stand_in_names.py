"""Values that say what a slot holds, not which model: constant and environment-variable names, and names made of
generic words only (found on langchaingo: ``modelEnvVarName = "OPENAI_MODEL"``, ``WithEmbeddingModel("embeddings-model-name")``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover.classify import classify
from scanner.discover.ids import is_placeholder_name

from .helpers import keys, scan


@pytest.mark.parametrize("name", ["OPENAI_MODEL", "GPT_4", "LLAMA_MODEL_PATH", "AZURE_OPENAI_DEPLOYMENT", "X_1"])
def test_constant_names_are_no_api_models(name: str) -> None:
    for provider in (None, "openai", "anthropic"):
        assert classify(name, "api", provider) is None
        assert classify(name, "api", provider, explicit=True) is None


@pytest.mark.parametrize("name", ["embeddings-model-name", "model-embedding", "chat-model", "default-model", "llm-model-id",
                                  "custom_model_name", "my-deployment-name"])
def test_names_of_generic_words_are_stand_ins(name: str) -> None:
    assert is_placeholder_name(name)
    assert classify(name, "api", "openai") is None


@pytest.mark.parametrize("name, provider", [("gpt-4o", "openai"), ("text-embedding-3-small", "openai"), ("deepseek-chat", "deepseek"),
                                            ("mistral-embed", "mistral"), ("embed-english-v3.0", "cohere"), ("o1", "openai"),
                                            ("chatgpt-4o-latest", "openai"), ("qwen-max", "dashscope")])
def test_real_api_names_stay(name: str, provider: str | None) -> None:
    assert not is_placeholder_name(name)
    found = classify(name, "api", provider, explicit=provider is not None)
    assert found is not None and found.identifier == name


def test_go_slots_with_env_names_and_generic_stand_ins(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"opts.go": '''package openai

import "github.com/tmc/langchaingo/llms/openai"

const (
\tmodelEnvVarName = "OPENAI_MODEL"
\tdefaultModel    = "gpt-4o-mini"
)

func New() {
\t_, _ = openai.New(openai.WithModel("gpt-4o"), openai.WithEmbeddingModel("embeddings-model-name"))
}
'''})
    models = {k for k in keys(refs) if k[0] == "api-model"}
    assert models == {("api-model", "gpt-4o-mini"), ("api-model", "gpt-4o")}
