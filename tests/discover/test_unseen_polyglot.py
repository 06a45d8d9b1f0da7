"""Shapes found by sweeping non-Python repositories the scanner had never seen (issue 19, session 4, poly19): each file
here is a small one written for the test, shaped like what the sweep found (langchain4j, spring-ai, mistral.rs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover.classify import classify
from scanner.discover.engine import scan_one
from scanner.discover.walker import WalkEntry

from .helpers import keys, scan


def _lines(refs: list) -> dict[str, int | None]:  # type: ignore[type-arg]
    return {r.identifier: r.location.line for r in refs}


def test_builder_chain_model_is_reported_on_the_line_of_its_call(tmp_path: Path) -> None:
    # a Java builder chain spans lines; the method_invocation node starts with the chain, the model is further down
    refs = scan(tmp_path, {"Models.java": '''import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;

class Models {
    static OpenAiChatModel openAi() {
        return OpenAiChatModel.builder()
                .apiKey(System.getenv("OPENAI_API_KEY"))
                .modelName("gpt-4o-mini")
                .build();
    }

    static OllamaChatModel local() {
        return OllamaChatModel.builder()
                .baseUrl("http://localhost:11434")
                .temperature(0.0)
                .modelName("qwen2.5:7b")
                .build();
    }
}
''', "client.go": '''package main

import openai "github.com/sashabaranov/go-openai"

func ask(c *openai.Client) {
	c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Messages: nil,
		Model:    "gpt-4o",
	})
}
''', "chat.kt": '''import dev.langchain4j.model.openai.OpenAiChatModel

val model = OpenAiChatModel.builder()
    .apiKey("demo")
    .modelName("gpt-4.1-nano")
    .build()
'''})
    assert _lines(refs) == {"gpt-4o-mini": 8, "qwen2.5:7b": 16, "gpt-4o": 8, "gpt-4.1-nano": 5}


def test_a_one_line_call_keeps_its_line(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"a.ts": '''import OpenAI from "openai";
const client = new OpenAI();
await client.chat.completions.create({ model: "gpt-4o", messages: [] });
''', "b.cs": '''using OpenAI.Chat;
var client = new ChatClient("gpt-4o-mini", key);
'''})
    assert _lines(refs) == {"gpt-4o": 3, "gpt-4o-mini": 2}


def test_numbers_and_keywords_are_never_model_ids() -> None:
    # spring-ai's embedding-model-dimensions.properties (model=dimensions); Claude Code settings (MODEL: "default")
    for hint, provider in (("api", "google"), ("api", "anthropic"), ("api", None), ("ollama", None), ("generic", None), ("hf", None)):
        for value in ("3072", "768", "0.7", "1,024", "default", "Default", "none", "null", "undefined", "true", "nil"):
            assert classify(value, hint, provider, explicit=True) is None, (value, hint, provider)
    assert classify("o1", "api", "openai") is not None
    assert classify("gpt-4o", "generic") is not None
    assert classify("default-model-v2", "api", "openai", explicit=True) is not None


def test_dimension_table_and_default_placeholders_in_configs(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"embedding-dimensions.properties": '''text-embedding-3-small=1536
gemini-embedding-001=3072
''', "settings.json": '''{
  "env": {
    "ANTHROPIC_BASE_URL": "http://localhost:1234",
    "ANTHROPIC_DEFAULT_SONNET_MODEL": "default",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-3-5-haiku-20241022"
  }
}
'''})
    assert ("api-model", "3072") not in keys(refs) and ("api-model", "default") not in keys(refs)
    assert ("api-model", "claude-3-5-haiku-20241022") in keys(refs)


def test_kernel_source_lists_are_not_hub_repos(tmp_path: Path) -> None:
    # a Rust build script listing CUDA kernels and headers: org/name shaped, but files of the crate
    refs = scan(tmp_path, {"build.rs": '''const KERNEL_FILES: [&str; 4] = [
    "kernels/flash_api.cu",
    "kernels/flash_fwd_hdim64_fp16_sm80.cu",
    "kernels/flash_fwd_hdim64_bf16_sm80.cu",
    "kernels/static_switch.h",
];
const HEADERS: &[&str] = &["kernels/utils.cuh", "kernels/kernel_traits.hpp", "kernels/block.h", "kernels/mask.metal"];
fn main() { let model_id = "mistralai/Mistral-7B-Instruct-v0.3"; }
'''})
    assert keys(refs) == {("hf-model", "mistralai/Mistral-7B-Instruct-v0.3")}
    for value in ("kernels/flash_api.cu", "kernels/utils.h", "kernels/mask.metal"):
        assert classify(value, "generic") is None and classify(value, "hf") is None
    assert classify("ggerganov/whisper.cpp", "hf") is not None  # a Hub repo named like a project, not a source file


def test_a_local_function_called_with_a_model_passes_it_to_its_parameter(tmp_path: Path) -> None:
    # ollama-js examples: ``async function run(model: string) { ollama.chat({model: model, ...}) }`` then ``run('qwen3')``
    # (a key takes the line of the string, a builder call the line of its argument: as before)
    refs = scan(tmp_path, {"tools.ts": '''import ollama from 'ollama';

async function run(model: string, rounds: number) {
    const response = await ollama.chat({
        model: model,
        messages: [],
    });
    return response;
}

run('qwen3', 2).catch(console.error);
''', "twice.js": '''import ollama from "ollama";
function ask(prompt, model) {
  return ollama.generate({ model, prompt });
}
ask("hi", "llama3.2");
ask("hello", "mistral:7b");
''', "Main.java": '''import dev.langchain4j.model.openai.OpenAiChatModel;
class Main {
    static OpenAiChatModel build(String name) {
        return OpenAiChatModel.builder().modelName(name).build();
    }
    public static void main(String[] args) { build("gpt-4o-mini"); }
}
''', "main.go": '''package main

import openai "github.com/sashabaranov/go-openai"

func ask(c *openai.Client, model string) {
	c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: model})
}

func main() { ask(nil, "gpt-4o") }
'''})
    assert {(r.identifier, r.location.line) for r in refs} == {
        ("qwen3:latest", 11), ("llama3.2:latest", 5), ("mistral:7b", 6), ("gpt-4o-mini", 4), ("gpt-4o", 9)}


def test_parameters_of_overloads_or_of_unrelated_names_are_not_followed(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"Svc.java": '''import dev.langchain4j.model.openai.OpenAiChatModel;
class Svc {
    OpenAiChatModel make(String name) { return OpenAiChatModel.builder().modelName(name).build(); }
    OpenAiChatModel make(String name, int n) { return null; }
    void go() { make("gpt-4o"); log("gpt-4o-mini"); }
    void log(String message) { System.out.println(message); }
}
'''})
    assert keys(refs) == set()


def test_a_parameter_named_like_a_model_names_nothing_until_it_reaches_a_slot(tmp_path: Path) -> None:
    # LocalAI's Go tests: ``propose(repo string)`` called with fixture repos that never reach a model slot
    refs = scan(tmp_path, {"propose_test.go": '''package variants

func propose(repo string, files []string) string { return repo + "/" + files[0] }

func TestPropose(t *testing.T) { propose("acme/foo-GGUF", nil); propose("acme/bar-GGUF", nil) }
'''})
    assert keys(refs) == set()


def test_go_and_js_test_files_are_test_context() -> None:
    # LocalAI: ``core/http/app_test.go`` next to the code it tests; web apps: ``chat.test.ts``, ``api.spec.js``
    from scanner.discover.base import classify_context

    for path in ("core/http/app_test.go", "web/src/chat.test.ts", "ui/api.spec.js", "ui/Button.test.tsx", "lib/x.spec.mts"):
        assert classify_context(path).value == "test", path
    for path in ("core/http/app.go", "pkg/contest.go", "src/latest.ts", "src/attest.js", "src/spec.ts"):
        assert classify_context(path).value == "code", path


def test_a_file_over_the_node_cap_is_a_stable_gap_read_by_the_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # LocalAI's tests/e2e-aio/sample_data_test.go: a 3.5 MB float array, ~3 s of CPU that was spent again on every
    # scan (a detector error is never cached); the same bytes always give the same count, so it is cached like a
    # syntax error, and the fallback still reads it
    from scanner.discover.polyglot import ir

    monkeypatch.setattr(ir, "MAX_NODES", 200)
    body = "".join(f"\t{i}.5,\n" for i in range(300))
    (tmp_path / "sample_data_test.go").write_text(
        f'package e2e\n\n// model: "Qwen/Qwen2.5-0.5B-Instruct"\nvar SampleAudio = []float32{{\n{body}}}\n\nfunc f() {{}}\n')
    size = (tmp_path / "sample_data_test.go").stat().st_size
    outcome = scan_one(tmp_path, WalkEntry("sample_data_test.go", size), max_file_size=1_000_000, want_digest=True)
    assert outcome.result is not None and outcome.cacheable and outcome.digest
    assert [g.reason for g in outcome.result.gaps] == ["too-many-nodes"]
    assert not any("ValueError" in e.message for e in outcome.result.errors)
    assert ("hf-model", "Qwen/Qwen2.5-0.5B-Instruct") in keys(list(outcome.result.references))


def test_localai_huggingface_uris_name_their_hub_repo(tmp_path: Path) -> None:
    # LocalAI's model gallery and model configs download from ``huggingface://org/name/file.gguf`` (1,288 in its gallery)
    refs = scan(tmp_path, {"gallery/index.yaml": '''- name: qwen3-8b
  overrides:
    parameters:
      model: llama-cpp/models/qwen3-8b/Qwen3-8B-Q4_K_M.gguf
  files:
    - filename: llama-cpp/models/qwen3-8b/Qwen3-8B-Q4_K_M.gguf
      sha256: 0000
      uri: huggingface://Qwen/Qwen3-8B-GGUF/Qwen3-8B-Q4_K_M.gguf
    - filename: mmproj.gguf
      uri: HuggingFace://ggml-org/gemma-3-4b-it-GGUF/mmproj-model-f16.gguf
'''})
    assert {("hf-model", "Qwen/Qwen3-8B-GGUF"), ("hf-model", "ggml-org/gemma-3-4b-it-GGUF")} <= keys(refs)
    assert classify("huggingface://Qwen/Qwen3-8B-GGUF/Qwen3-8B-Q4_K_M.gguf", "generic") is not None
    assert classify("huggingface://datasets/org/name", "hf") is None


def test_mistral_rs_model_builders_take_hub_ids(tmp_path: Path) -> None:
    # mistral.rs's Rust SDK: ``ModelBuilder::new("Qwen/Qwen3-4B")`` in 40-odd examples, all missed
    refs = scan(tmp_path, {"main.rs": '''use mistralrs::{GgufModelBuilder, IsqBits, ModelBuilder, TextMessageRole};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let model = ModelBuilder::new("Qwen/Qwen3-4B")
        .with_auto_isq(IsqBits::Four)
        .build()
        .await?;
    let embed = mistralrs::EmbeddingModelBuilder::new("google/embeddinggemma-300m").build().await?;
    let gguf = GgufModelBuilder::new("unsloth/Qwen3-0.6B-GGUF", vec!["Qwen3-0.6B-Q4_K_M.gguf"]).build().await?;
    let local = GgufModelBuilder::new("gguf_models/mistral_v0.1/", vec!["mistral-7b-instruct-v0.1.Q4_K_M.gguf"]);
    Ok(())
}
'''})
    hub = {(k, i) for k, i in keys(refs) if k == "hf-model"}
    assert hub == {("hf-model", "Qwen/Qwen3-4B"), ("hf-model", "google/embeddinggemma-300m"), ("hf-model", "unsloth/Qwen3-0.6B-GGUF")}
    assert _lines(refs)["Qwen/Qwen3-4B"] == 5
