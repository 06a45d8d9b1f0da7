"""Model ids chosen by match/switch/when expressions and returned by functions named for a model (found on candle:
``fn model_id(&self) -> &'static str { match self { ... } }`` and ``let model_id = match args.which { ... }`` held 300
of its 400 Hub ids; langchain4j's ``customModelName()`` in every integration test)."""

from __future__ import annotations

from pathlib import Path

from .helpers import scan


def _found(refs: list) -> set[tuple[str, str, int | None]]:  # type: ignore[type-arg]
    return {(r.kind.value, r.identifier, r.location.line) for r in refs}


def test_rust_match_arms_bound_and_returned(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"main.rs": '''impl Which {
    fn model_id(&self) -> &'static str {
        match self {
            Self::Small => "AntonV/mamba2-130m-hf",
            Self::Large => { "state-spaces/mamba-2.8b" }
        }
    }
    fn helper(&self) -> &'static str { "not/a-model-fn" }
}
fn main() {
    let model_id = match args.which {
        Which::L7b => "meta-llama/Llama-2-7b-hf",
        Which::Qwen => "Qwen/Qwen2-7B-Instruct",
        _ => { let x = 1; "skipped/arm-with-statements" }
    };
}
'''})
    assert _found(refs) == {("hf-model", "AntonV/mamba2-130m-hf", 4), ("hf-model", "state-spaces/mamba-2.8b", 5),
                            ("hf-model", "meta-llama/Llama-2-7b-hf", 12), ("hf-model", "Qwen/Qwen2-7B-Instruct", 13)}


def test_switch_when_and_returns_in_jvm_dotnet_go_ts(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "Cfg.java": '''class Cfg {
    String modelName() { return "gpt-4o-mini"; }
    String buildModelEntry() { return "entry-not-a-model"; }
    String pick(int w) { String model = switch (w) { case 1 -> "claude-3-5-haiku-20241022"; default -> { yield "o3-mini"; } }; return model; }
}
''',
        "m.kt": 'fun defaultModel() = "deepseek-chat"\nfun f(w: Int) { val model = when (w) { 1 -> "qwen-plus"\n else -> "gpt-4.1" } }\n',
        "M.cs": 'class A { static string ModelId(int w) => w switch { 1 => "gpt-4o", _ => "gpt-4o-audio-preview" }; }\n',
        "m.go": 'package m\n\nfunc DefaultModel() string { return "gpt-4.1-mini" }\nfunc pair() (string, error) { return "x", nil }\n',
        "m.ts": 'export function defaultModel(): string { return "claude-3-5-sonnet-20241022"; }\n'
                'export function f() { const g = () => { return "claude-3-opus-20240229"; }; return g; }\n',
    })
    found = {(path_id[1], path_id[2]) for path_id in _found(refs)}
    assert {("gpt-4o-mini", 2), ("claude-3-5-haiku-20241022", 4), ("o3-mini", 4), ("deepseek-chat", 1), ("qwen-plus", 2),
            ("gpt-4.1", 3), ("gpt-4o", 1), ("gpt-4o-audio-preview", 1), ("gpt-4.1-mini", 3),
            ("claude-3-5-sonnet-20241022", 1)} <= found
    ids = {i for i, _ in found}
    assert "entry-not-a-model" not in ids  # a function named for something about a model, not a model
    assert "claude-3-opus-20240229" not in ids  # an anonymous function's return is not f's


def test_a_function_name_is_never_a_variable(tmp_path: Path) -> None:
    # the returned value is bound as "model()": a variable of the same name elsewhere still resolves to its own value
    refs = scan(tmp_path, {"a.ts": '''function model() { return "gpt-4o"; }
export function run(client: any) {
  const model = process.env.MODEL;
  return client.chat.completions.create({ model, messages: [] });
}
'''})
    assert {(r.identifier, r.location.line) for r in refs} == {("gpt-4o", 1)}


def test_rust_tuples_by_position_and_calls_of_returning_functions(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"main.rs": '''impl Which {
    fn repo(&self) -> &'static str {
        match self { Self::Sd => "stabilityai/stable-diffusion-2-1", Self::Xl => "stabilityai/sdxl-turbo" }
    }
    fn tokenizer_repo(&self) -> &'static str { "mistralai/Mistral-7B-v0.1" }
}
fn load(which: Which) {
    let (repo, filename, revision) = match which {
        Which::Q2 => ("unsloth/GLM-4-9B-0414-GGUF", "GLM-4-9B-0414-Q2_K.gguf", "main"),
        Which::Sd => (which.repo(), "unet/model.safetensors", "main"),
    };
    let (_, other) = (1, 2);
    let api = hf_hub::api::sync::Api::new().unwrap();
    let file = api.model(repo.to_string()).get(filename).unwrap();
}
'''})
    found = {(k, i) for k, i, _ in _found(refs)}
    assert {("hf-model", "unsloth/GLM-4-9B-0414-GGUF"), ("hf-model", "stabilityai/stable-diffusion-2-1"),
            ("hf-model", "stabilityai/sdxl-turbo"), ("hf-model", "mistralai/Mistral-7B-v0.1")} <= found
    # a tuple is no model list: its file name is a weights file, never an API model of the family it names
    assert not any(k == "api-model" for k, _ in found) and ("hf-model", "main") not in found
