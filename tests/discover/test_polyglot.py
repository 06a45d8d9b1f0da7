"""tree-sitter detectors of JS/TS, Go, Java, Kotlin, C# and Rust: SDK call shapes, value following, providers, UI text."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover.engine import scan_one
from scanner.discover.walker import WalkEntry

from .helpers import keys, scan


def _providers(refs: list) -> dict[str, str | None]:  # type: ignore[type-arg]
    return {r.identifier: r.provider for r in refs if r.kind.value == "api-model"}


def test_openai_node_client_with_groq_base_url_and_env_default(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"bot.ts": '''import OpenAI from "openai";
const MODEL = process.env.GROQ_MODEL || "llama-3.1-8b-instant";
const groq = new OpenAI({ baseURL: "https://api.groq.com/openai/v1", apiKey: process.env.GROQ_KEY });
export const ask = (q: string) => groq.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: q }] });
'''})
    assert _providers(refs) == {"llama-3.1-8b-instant": "groq"}


def test_comments_jsx_text_placeholders_and_i18n_are_not_references(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"ui.tsx": '''// default model: gpt-4o
const labels = { "claude-3-opus-20240229": "Claude 3 Opus" };
export const Picker = () => (
  <label title="gemini-1.5-pro">Use deepseek-chat or qwen-max <input placeholder="model, e.g. gpt-4o-mini" /></label>
);
/* const model = "o1-preview" */
''', "i18n.ts": 'export const en = { modelHint: "Try gpt-4o", modelLabel: "GPT-4o" };\n'})
    assert keys(refs) == set()


def test_vercel_provider_instances_and_a_compatible_provider_with_base_url(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"route.ts": '''import { anthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";
const sf = createOpenAICompatible({ name: "sf", baseURL: "https://api.siliconflow.cn/v1" });
await generateText({ model: anthropic("claude-3-7-sonnet-20250219"), prompt: "hi" });
await generateText({ model: sf.chatModel("deepseek-ai/DeepSeek-V3"), prompt: "hi" });
'''})
    assert _providers(refs) == {"claude-3-7-sonnet-20250219": "anthropic", "deepseek-ai/DeepSeek-V3": "siliconflow"}


def test_cloudflare_and_transformers_js_and_ollama_js(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"w.js": '''import { pipeline } from "@xenova/transformers";
import ollama from "ollama";
const classify = await pipeline("text-classification", "Xenova/distilbert-base-uncased-finetuned-sst-2-english");
export default { fetch: (req, env) => env.AI.run("@cf/mistral/mistral-7b-instruct-v0.1", { prompt: "x" }) };
await ollama.generate({ model: "phi3:mini", prompt: "x" });
'''})
    assert keys(refs) == {("hf-model", "Xenova/distilbert-base-uncased-finetuned-sst-2-english"), ("ollama", "phi3:mini"),
                          ("api-model", "@cf/mistral/mistral-7b-instruct-v0.1")}


def test_go_client_config_base_url_reaches_the_request_struct(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"main.go": '''package main

import openai "github.com/sashabaranov/go-openai"

func run() {
	cfg := openai.DefaultConfig("k")
	cfg.BaseURL = "https://dashscope.aliyuncs.com/compatible-mode/v1"
	c := openai.NewClientWithConfig(cfg)
	c.CreateChatCompletion(nil, openai.ChatCompletionRequest{Model: "qwen2.5-14b-instruct"})
}
'''})
    assert _providers(refs) == {"qwen2.5-14b-instruct": "dashscope"}


def test_java_spring_ai_and_langchain4j_builders(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"A.java": '''import dev.langchain4j.model.ollama.OllamaChatModel;
import org.springframework.ai.zhipuai.ZhiPuAiChatOptions;
class A {
  static final String CHAT = "glm-4-flash";
  Object a() { return ZhiPuAiChatOptions.builder().model(CHAT).build(); }
  Object b() { return OllamaChatModel.builder().modelName("gemma2:9b").build(); }
}
'''})
    assert keys(refs) == {("api-model", "glm-4-flash"), ("ollama", "gemma2:9b")}
    assert _providers(refs) == {"glm-4-flash": "zhipu"}


def test_csharp_semantic_kernel_and_rust_and_kotlin(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "P.cs": 'var b = Kernel.CreateBuilder();\nb.AddOllamaChatCompletion("llama3.1:70b", new Uri("http://localhost:11434"));\n',
        "src/lib.rs": 'use async_openai::types::CreateChatCompletionRequestArgs;\n'
                      'fn r() { let q = CreateChatCompletionRequestArgs::default().model("gpt-4o-mini").build(); }\n',
        "M.kt": 'import com.aallam.openai.api.model.ModelId\nval id = ModelId("o3-mini")\n',
    })
    assert keys(refs) == {("ollama", "llama3.1:70b"), ("api-model", "gpt-4o-mini"), ("api-model", "o3-mini")}


def test_a_missing_grammar_is_an_error_for_that_file_not_a_silent_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.discover.polyglot import grammars

    monkeypatch.setitem(grammars._WHEELS, "go", ("tree_sitter_go_not_installed", "language"))
    grammars._parser.cache_clear()
    try:
        (tmp_path / "main.go").write_text('package main\nconst model = "gpt-4o"\n')
        outcome = scan_one(tmp_path, WalkEntry("main.go", 40), max_file_size=10_000, want_digest=False)
    finally:
        grammars._parser.cache_clear()
    assert outcome.result is not None and not outcome.cacheable
    errors = outcome.result.errors
    assert any(e.path == "main.go" and "GrammarMissing" in e.message and "not analysed" in e.message for e in errors)
    assert [g.reason for g in outcome.result.gaps] == ["detector-error"]  # and the fallback scan read it (coverage)


def test_deeply_nested_source_is_bounded(tmp_path: Path) -> None:
    nested = "const model = " + "[" * 5000 + '"gpt-4o"' + "]" * 5000 + ";\n"
    refs = scan(tmp_path, {"deep.js": nested})
    assert keys(refs) <= {("api-model", "gpt-4o")}


def test_member_defaults_model_lists_named_providers_and_display_names(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "llm.ts": 'import Anthropic from "@anthropic-ai/sdk";\nexport class L {\n  model: string;\n'
                  '  constructor(c: { model?: string }) { this.model = c.model || "claude-sonnet-4-5"; }\n}\n',
        "presets.ts": 'export const REPO = "ChatGPT-Next-Web";\nconst deepseekModels = ["deepseek-chat", "deepseek-coder"];\n'
                      'const alibabaModes = ["qwen-turbo", "qwen-plus", "qwen-max"];\n'
                      'export const list = [{ id: "openai/gpt-5-mini", name: "GPT-5 Mini", provider: "openai" }];\n',
    })
    assert _providers(refs) == {"claude-sonnet-4-5": "anthropic", "deepseek-chat": "deepseek", "deepseek-coder": "deepseek",
                                "qwen-turbo": "dashscope", "qwen-plus": "dashscope", "qwen-max": "dashscope", "gpt-5-mini": "openai"}
