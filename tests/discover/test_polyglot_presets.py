"""Model presets built in code, as a model SDK's catalogue writes them (found on JetBrains' Koog, Kotlin): a model class
constructed with a provider and an id, the provider given as an enum constant (issue 19, session 7)."""

from __future__ import annotations

from pathlib import Path

from scanner.discover.ids import normalise_hf

from .helpers import scan


def _found(refs: list) -> set[tuple[str, str, str | None]]:  # type: ignore[type-arg]
    return {(r.kind.value, r.identifier, r.provider) for r in refs}


def test_kotlin_model_class_with_an_enum_provider_is_a_preset(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"Models.kt": '''package demo

object CatalogModels {
    val Fast: LLModel = LLModel(
        provider = LLMProvider.OpenAI, id = "gpt-4o-mini", contextLength = 128_000,
    )
    val Cn = LLModel(provider = LLMProvider.Alibaba, id = "qwen-plus")
    val Local = LLModel(provider = LLMProvider.Ollama, id = "qwen3:0.6b")
}
'''})
    assert _found(refs) == {("api-model", "gpt-4o-mini", "openai"), ("api-model", "qwen-plus", "dashscope"),
                            ("ollama", "qwen3:0.6b", None)}
    assert {r.location.line for r in refs} == {5, 7, 8}


def test_enum_providers_in_object_presets_and_java_constants(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "presets.ts": 'export const PRESETS = [\n  { id: "deepseek-chat", provider: ModelProvider.DeepSeek, name: "DeepSeek" },\n];\n',
        "Presets.java": 'class P { static final ChatModel M = new ChatModel(ModelProvider.OPEN_AI, "x"); '
                        'static final ModelInfo I = ModelInfo.of(1); }\n',
        "Info.kt": 'val info = ModelInfo(provider = Vendors.ANTHROPIC, modelId = "claude-3-5-haiku-20241022")\n',
    })
    assert ("api-model", "deepseek-chat", "deepseek") in _found(refs)
    assert ("api-model", "claude-3-5-haiku-20241022", "anthropic") in _found(refs)


def test_classes_and_providers_that_are_not_model_presets(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"Other.kt": '''package demo

val user = User(provider = AuthProvider.GitHub, id = "octocat")
val login = createModel(provider = LLMProvider.OpenAI, id = "gpt-4o")
fun make(p: LLMProvider) = LLModel(provider = p, id = "not-a-preset")
val label = ModelLabel(provider = LLMProvider.OpenAI, id = "Fast and cheap")
'''})
    # a user is no model class; a lower-case factory is not a class; a provider that is a parameter names none; a label
    assert _found(refs) == set()


def test_api_routes_are_not_hub_repos(tmp_path: Path) -> None:
    # Ollama's REST routes held in model-named constants: "api/show" was the Hub repo of an account named "api",
    # a name the Hub's own /api/ route keeps anyone from taking
    refs = scan(tmp_path, {"Client.kt": '''class Client {
    companion object {
        private const val DEFAULT_SHOW_MODEL_PATH = "api/show"
        private const val DEFAULT_PULL_MODEL_PATH = "api/pull"
        private const val DEFAULT_MODEL = "Qwen/Qwen2.5-7B-Instruct"
    }
}
'''})
    assert _found(refs) == {("hf-model", "Qwen/Qwen2.5-7B-Instruct", None)}
    assert normalise_hf("https://huggingface.co/api/models") is None
    assert normalise_hf("apix/show") == "apix/show" and normalise_hf("org/api") == "org/api"
