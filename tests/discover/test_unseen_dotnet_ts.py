"""Shapes found by sweeping C#/.NET and TypeScript repositories the scanner had never seen (issue 19, session 5,
poly20): each file here is a small one written for the test, shaped like what the sweep found."""

from __future__ import annotations

from pathlib import Path

from .helpers import keys, scan

BOM = b"\xef\xbb\xbf"


def _lines(refs: list) -> dict[str, int | None]:  # type: ignore[type-arg]
    return {r.identifier: r.location.line for r in refs}


def test_a_byte_order_mark_does_not_make_a_config_unreadable(tmp_path: Path) -> None:
    # Visual Studio saves appsettings.json / launchSettings.json with a UTF-8 BOM; json.loads and tomllib refuse it,
    # pip and .NET do not
    refs = scan(tmp_path, {
        "appsettings.json": BOM + b'{\n  "OpenAI": {\n    "ChatModel": "gpt-4o-mini",\n    "Endpoint": "https://api.deepseek.com"\n  }\n}\n',
        "pyproject.toml": BOM + b'[project]\nname = "x"\ndependencies = ["anthropic>=0.30"]\n',
        "requirements.txt": BOM + b"openai==1.40.0\ntorch\n",
        "package.json": BOM + b'{"name": "x", "dependencies": {"@anthropic-ai/sdk": "^0.30.0"}}\n',
        "Program.cs": BOM + b'using OpenAI.Chat;\nvar client = new ChatClient("gpt-4o", key);\n',
    })
    assert {("api-model", "gpt-4o-mini"), ("api-model", "gpt-4o")} <= keys(refs)
    assert {"anthropic", "openai", "torch", "npm:@anthropic-ai/sdk"} <= {r.identifier for r in refs if r.kind.value == "package"}
    assert _lines(refs)["gpt-4o-mini"] == 3 and _lines(refs)["openai"] == 1 and _lines(refs)["gpt-4o"] == 2


def test_a_bom_elsewhere_than_the_start_is_content(tmp_path: Path) -> None:
    # only a leading BOM is dropped: one in the middle of a JSON file still makes it invalid (and the fallback reads it)
    from scanner.discover.base import SourceFile

    (tmp_path / "a.json").write_bytes(b'{"model": "gpt-4o"}' + BOM + b"\n")
    src = SourceFile(root=tmp_path, relpath="a.json", size=(tmp_path / "a.json").stat().st_size)
    assert src.text.endswith("\ufeff\n")


def test_an_escaped_json_value_keeps_its_line(tmp_path: Path) -> None:
    # LLamaSharp's appsettings.json: "ModelPath": "..\\Models\\x.gguf" was reported with no line (the parsed value,
    # with single backslashes, is not the text of the file)
    refs = scan(tmp_path, {
        "appsettings.json": '{\n  "Logging": {"LogLevel": {"Default": "Information"}},\n'
                            '  "ModelPath": "..\\\\Tests\\\\Models\\\\llama-2-7b-chat.Q4_0.gguf",\n'
                            '  "Chat": {\n    "Model": "Qwen/Qwen2.5-7B-Instruct"\n  }\n}\n',
        "settings.toml": '[llm]\nname = "x"\nmodel_path = "C:\\\\models\\\\phi-3-mini-4k-instruct-q4.gguf"\n',
    })
    assert _lines(refs) == {"..\\Tests\\Models\\llama-2-7b-chat.Q4_0.gguf": 3, "Qwen/Qwen2.5-7B-Instruct": 5,
                            "C:\\models\\phi-3-mini-4k-instruct-q4.gguf": 3}


def test_written_forms_are_few_and_bounded() -> None:
    from scanner.discover.configtree import _written_forms, located

    assert _written_forms("gpt-4o") == ("gpt-4o",) and _written_forms("Qwen/Qwen2.5-7B") == ("Qwen/Qwen2.5-7B",)
    assert _written_forms('a\\b"c/d\u00e9') == ('a\\b"c/d\u00e9', 'a\\\\b\\"c/d\u00e9', 'a\\\\b\\"c/d\\u00e9')
    # a hostile file: thousands of escaped values none of which is written as any form stays linear (each search is
    # bounded by the window); the values get no line rather than a wrong one
    values = ["x\\" + str(i) for i in range(3000)]
    tree = located(values, ["[" + ",".join('"y"' for _ in values) + "]"])
    assert all(v.line is None for v in tree)


def test_values_after_a_long_one_line_value_keep_their_lines(tmp_path: Path) -> None:
    # openai-dotnet's recorded HTTP sessions: a request body holds a data: URL of a 1 MB image on one line, and the
    # "model" below it was past the search window (no line)
    image = "data:image/png;base64," + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB" * 40_000
    refs = scan(tmp_path, {"recording.json": '{\n  "request": {\n    "messages": [{"content": [{"image_url": {"url": "'
                           + image + '"}}]}],\n    "model": "gpt-4o-mini"\n  },\n'
                           '  "response": {\n    "model": "gpt-4o-mini-2024-07-18"\n  }\n}\n'})
    assert _lines(refs) == {"gpt-4o-mini": 4, "gpt-4o-mini-2024-07-18": 7}


def test_csharp_properties_and_text_models_are_model_members(tmp_path: Path) -> None:
    # kernel-memory's config classes: auto-property initialisers and expression-bodied properties were not read, and
    # "Text" in DefaultTextModel / TextModelName was taken for a UI label
    refs = scan(tmp_path, {"Config.cs": '''namespace Example;
public class AnthropicConfig
{
    private const string DefaultTextModel = "gpt-4o-mini";
    public string TextModelName { get; set; } = "claude-3-sonnet-20240229";
    public string EmbeddingModelId => "text-embedding-3-small";
    public string ModelLabel { get; set; } = "gpt-4o (fast)";
    public string ModelDescription { get; init; } = "gpt-4o-mini";
    public string ContextModel { get; set; } = "gpt-4.1";
}
'''})
    assert _lines(refs) == {"gpt-4o-mini": 4, "claude-3-sonnet-20240229": 5, "text-embedding-3-small": 6, "gpt-4.1": 9}


def test_openai_dotnet_clients_and_request_methods(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"Program.cs": '''using OpenAI;
using OpenAI.Images;
using OpenAI.Responses;

ImageClient image = new("gpt-image-1", key);
AudioClient audio = new AudioClient("whisper-1", key);
ModerationClient moderation = new(model: "omni-moderation-latest", apiKey: key);
var speech = client.GetAudioClient("tts-1");
OpenAIResponseClient responses = new("gpt-4.1", key);
ResponseResult answer = responsesClient.CreateResponse("gpt-5.2", "Write a haiku.");
CreateResponseOptions options = new("gpt-5-mini", inputItems);
Assistant assistant = await assistants.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions());
var session = await realtime.StartConversationSessionAsync("gpt-realtime");
FineTuningJob job = await fineTuning.FineTuneAsync("gpt-4o-mini-2024-07-18", fileId, waitUntilCompleted: false);
''', "Web/Controller.cs": '''using System.Net.Http;
public class C { object Get() => Request.CreateResponse("gpt-4o", value); }
'''})
    assert {r.identifier: r.provider for r in refs} == {
        "gpt-image-1": "openai", "whisper-1": "openai", "omni-moderation-latest": "openai", "tts-1": "openai",
        "gpt-4.1": "openai", "gpt-5.2": "openai", "gpt-5-mini": "openai", "gpt-4o": "openai", "gpt-realtime": "openai",
        "gpt-4o-mini-2024-07-18": "openai"}
    assert all(r.location.path == "Program.cs" for r in refs)  # CreateResponse is a slot only where OpenAI is imported


def test_microsoft_extensions_ai_adapters_and_ollama_clients(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"Program.cs": '''using Microsoft.Extensions.AI;
using OpenAI;

IChatClient chat = new OpenAIClient(key).AsChatClient(builder.Configuration["AI:Chat:ModelId"] ?? "gpt-4o-mini");
var embed = new AzureOpenAIClient(new Uri(endpoint), credential).AsEmbeddingGenerator("text-embedding-3-small");
var azure = new AzureOpenAIClient(new Uri(endpoint), credential).GetChatClient("gpt-4o");
IChatClient inference = new ChatCompletionsClient(endpoint, credential).AsChatClient("Phi-3.5-mini-instruct");
''', "Local.cs": '''using Microsoft.Extensions.AI;
IChatClient local = new OllamaChatClient("http://localhost:11434/", "llama3.1");
var embedder = new OllamaEmbeddingGenerator(endpoint, modelId: "all-minilm");
var api = new OllamaApiClient(new Uri("http://localhost:11434"), "qwen2.5:7b");
''', "Kernel.cs": '''using Microsoft.SemanticKernel;
var kernel = Kernel.CreateBuilder()
    .AddOpenAIChatCompletion(modelId: "phi3:latest", endpoint: new Uri("http://localhost:11434"), apiKey: null)
    .Build();
'''})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs} == {
        ("api-model", "gpt-4o-mini", "openai"), ("api-model", "text-embedding-3-small", "azure"), ("api-model", "gpt-4o", "azure"),
        ("api-model", "Phi-3.5-mini-instruct", "azure"), ("ollama", "llama3.1:latest", None), ("ollama", "all-minilm:latest", None),
        ("ollama", "qwen2.5:7b", None), ("ollama", "phi3:latest", None)}


def test_dotnet_test_projects_are_test_context() -> None:
    from scanner.discover.base import classify_context
    from scanner.models import Context

    for path in ("LLama.Unittest/Constants.cs", "src/Core.UnitTests/A.cs", "x/Qdrant.FunctionalTests/B.cs", "Main.Tests/C.cs",
                 "Foo.IntegrationTests/appsettings.json", "Api.Test/D.cs", "Web.E2ETests/E.cs", "Lib.Specs/F.cs",
                 "dotnet/src/Agents/UnitTests/OpenAI/G.cs", "src/IntegrationTests/testsettings.json"):
        assert classify_context(path) == Context.TEST, path
    for path in ("Foo.Latest/A.cs", "Contest.App/B.cs", "Tests.Common.Utils/C.cs", "src/Testing.cs", "Attest/D.cs"):
        assert classify_context(path) != Context.TEST, path


def _notebook(kernel: dict[str, object], cells: list[tuple[str, dict[str, object]]]) -> str:
    import json

    return json.dumps({"metadata": kernel, "nbformat": 4, "cells": [
        {"cell_type": "code", "metadata": meta, "source": source.splitlines(keepends=True), "outputs": []} for source, meta in cells]})


def test_csharp_and_typescript_notebooks_are_read_with_their_grammar(tmp_path: Path) -> None:
    # kernel-memory's .NET Interactive notebooks and LlamaIndexTS's Deno ones were parsed as Python: a syntax-error gap
    csharp = {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
              "language_info": {"name": "polyglot-notebook"}}
    cs = {"dotnet_interactive": {"language": "csharp"}}
    refs = scan(tmp_path, {"chat.ipynb": _notebook(csharp, [
        ('#r "nuget: Microsoft.SemanticKernel, 1.20.0"\n#r "nuget: OpenAI"\n\nusing Microsoft.SemanticKernel;', cs),
        ('var model = "gpt-4o-mini";', cs),
        ("#!fsharp\nlet model = \"gpt-4\"", {"dotnet_interactive": {"language": "fsharp"}}),
        ("var kernel = Kernel.CreateBuilder()\n    .AddOpenAIChatCompletion(modelId: model, apiKey: key)\n    .Build();", cs),
    ]), "deno.ipynb": _notebook({"kernelspec": {"display_name": "Deno", "language": "typescript", "name": "deno"}}, [
        ('import OpenAI from "npm:openai";', {}),
        ("const client = new OpenAI();\nconst r = await client.chat.completions.create({\n  model: \"o3-mini\",\n  messages: [],\n});", {}),
    ])})
    found = {(r.location.path, r.identifier, r.location.cell, r.location.line) for r in refs}
    assert found == {("chat.ipynb", "nuget:Microsoft.SemanticKernel", 1, 1), ("chat.ipynb", "nuget:OpenAI", 1, 2),
                     ("chat.ipynb", "gpt-4o-mini", 4, 2), ("deno.ipynb", "o3-mini", 2, 3)}  # where the value reaches the slot


def test_python_notebooks_are_unchanged_and_a_hostile_notebook_is_bounded(tmp_path: Path) -> None:
    python = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    many = [("var model = \"gpt-4o\";", {})] * 6000
    refs = scan(tmp_path, {"py.ipynb": _notebook(python, [('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")', {})]),
                           "many.ipynb": _notebook({"kernelspec": {"language": "C#"}}, many)})
    assert {(r.location.path, r.identifier, r.location.cell) for r in refs if r.location.path == "py.ipynb"} == {("py.ipynb", "gpt-4o", 1)}
    assert max(r.location.cell or 0 for r in refs if r.location.path == "many.ipynb") <= 5000


def test_file_based_app_packages(tmp_path: Path) -> None:
    # .NET 10 file-based apps (openai-dotnet's docs/quickstart/*.cs): `#:package OpenAI@2.*` then top-level code
    refs = scan(tmp_path, {"quickstart.cs": '''#pragma warning disable OPENAI001
#:package OpenAI@2.*
#:package Microsoft.Extensions.AI@9.5.0

using OpenAI.Responses;
ResponsesClient client = new(key);
ResponseResult response = client.CreateResponse("gpt-5.2", "Write a one-sentence story.");
''', "other.cs": "#:package Humanizer@2.14.1\nConsole.WriteLine(1);\n"})
    assert {(r.identifier, r.location.line, r.specifier) for r in refs} == {
        ("nuget:OpenAI", 2, "2.*"), ("nuget:Microsoft.Extensions.AI", 3, "==9.5.0"), ("gpt-5.2", 7, None),
        ("nuget:Humanizer", 1, "==2.14.1")}


def test_a_same_named_class_with_other_parameters_keeps_its_model_keyword(tmp_path: Path) -> None:
    # kernel-memory has its own OllamaEmbeddingGenerator(httpClient, baseUrl:, model:): the positional slot of the
    # Microsoft.Extensions.AI class is absent, the model keyword is still read
    refs = scan(tmp_path, {"Tests.cs": '''var generator = new OllamaEmbeddingGenerator(
    httpClient,
    baseUrl: "http://localhost:11434",
    model: "qwen3-embedding",
    vectorDimensions: 1024);
'''})
    assert {(r.kind.value, r.identifier, r.location.line) for r in refs} == {("ollama", "qwen3-embedding:latest", 4)}


def test_destructured_option_defaults_and_provider_packages(tmp_path: Path) -> None:
    # LlamaIndexTS's provider classes: `const { model = "grok-3-latest", ...rest } = init ?? {}`, and one scoped
    # package per provider (@llamaindex/deepseek, /groq, /replicate, /fireworks); a file importing two SDKs took
    # neither's provider for `new ReplicateLLM({...})` (the constructor's own import was not looked at)
    refs = scan(tmp_path, {"xai.ts": '''import { getEnv } from "@llamaindex/env";
import { OpenAI } from "@llamaindex/openai";
export class XAILLM extends OpenAI {
  constructor(init?: Partial<OpenAI>) {
    const {
      apiKey = getEnv("XAI_API_KEY"),
      model = "grok-3-latest",
      ...rest
    } = init ?? {};
    super({ apiKey, model, ...rest });
  }
}
''', "two.ts": '''import { OpenAI } from "@llamaindex/openai";
import { ReplicateLLM } from "@llamaindex/replicate";
import { DeepSeekLLM } from "@llamaindex/deepseek";
const gpt = new OpenAI({ model: "gpt-4-turbo" });
const llama = new ReplicateLLM({
  model: "llama-3-70b-instruct",
});
const coder = new DeepSeekLLM({ model: "deepseek-coder" });
''', "ui.tsx": '''import { Select } from "@acme/ui";
export function Picker({ title = "gpt-4o", modelLabel = "gpt-4o-mini" }) { return null; }
'''})
    assert {(r.identifier, r.location.line, r.provider) for r in refs} == {
        ("grok-3-latest", 7, "xai"), ("gpt-4-turbo", 4, "openai"), ("llama-3-70b-instruct", 6, "replicate"),
        ("deepseek-coder", 8, "deepseek")}


def test_scoped_packages_named_after_no_provider_have_no_shape() -> None:
    from scanner.discover.polyglot.sdks import module_shape

    assert module_shape("@llamaindex/groq") == ("api", "groq") and module_shape("@acme/mistralai") == ("api", "mistral")
    for module in ("@types/node", "@angular/core", "@azure/identity", "@tanstack/query", "@llamaindex/core", "groq", "@x"):
        assert module_shape(module) is None, module


def test_node_parameter_descriptors_run_their_default_model(tmp_path: Path) -> None:
    # Flowise node inputs (n8n node properties have the same shape): the default is the model the node runs
    refs = scan(tmp_path, {"ChatDeepseek.ts": '''import { ChatOpenAI } from "@langchain/openai";
class Deepseek_ChatModels {
    inputs = [
        { label: "Cache", name: "cache", type: "BaseCache", optional: true },
        {
            label: "Model Name",
            name: "modelName",
            type: "asyncOptions",
            loadMethod: "listModels",
            default: "deepseek-chat"
        },
        { label: "Temperature", name: "temperature", type: "number", default: 0.7 },
        { label: "Style", name: "style", type: "string", default: "gpt-4o" },
        { displayName: "Model", name: "model", type: "options", default: "gpt-4o-mini", options: [] }
    ];
}
'''})
    assert {(r.identifier, r.location.line, r.provider) for r in refs} == {("deepseek-chat", 10, "deepseek"), ("gpt-4o-mini", 14, "openai")}


def test_webllm_prebuilt_ids_name_mlc_ai_hub_repos(tmp_path: Path) -> None:
    # web-llm's 30-odd examples: `const selectedModel = "Llama-3.1-8B-Instruct-q4f32_1-MLC"; CreateMLCEngine(selectedModel)`
    refs = scan(tmp_path, {"main.ts": '''import * as webllm from "@mlc-ai/web-llm";
const selectedModel = "Llama-3.1-8B-Instruct-q4f32_1-MLC";
const engine = await webllm.CreateMLCEngine(selectedModel, { initProgressCallback });
const two = await webllm.CreateWebWorkerMLCEngine(worker, ["Phi-3.5-mini-instruct-q4f32_1-MLC-1k", "gemma-2-2b-it-q4f32_1-MLC-1k"]);
await engine.reload("Qwen3-0.6B-q0f32-MLC");
const custom = await webllm.CreateMLCEngine("my-finetune", { appConfig });
''', "other.ts": '''import { Cache } from "./cache";
await cache.reload("Llama-3.1-8B-Instruct-q4f32_1-MLC");
'''})
    assert {(r.identifier, r.location.line) for r in refs} == {
        ("mlc-ai/Llama-3.1-8B-Instruct-q4f32_1-MLC", 3), ("mlc-ai/Phi-3.5-mini-instruct-q4f32_1-MLC-1k", 4),
        ("mlc-ai/gemma-2-2b-it-q4f32_1-MLC-1k", 4), ("mlc-ai/Qwen3-0.6B-q0f32-MLC", 5)}


def test_markdown_fences_of_polyglot_languages_are_read_with_include_docs(tmp_path: Path) -> None:
    # transformers.js, openai-dotnet and LlamaIndexTS READMEs: ```js / ```csharp / ```ts blocks were skipped
    md = '''# Usage

```js
import { pipeline } from "@huggingface/transformers";
const pipe = await pipeline("sentiment-analysis", "Xenova/distilbert-base-uncased-finetuned-sst-2-english");
```

```csharp
ChatClient client = new(model: "gpt-4o", apiKey: key);
```

```c#
var other = new ChatClient("o3-mini", key);
```

```ts
const broken = new OpenAI({ model: "gpt-4.1" ;;; {{
```
'''
    refs = scan(tmp_path, {"README.md": md}, include_docs=True)
    assert {(r.identifier, r.location.line, r.context.value) for r in refs} == {
        ("Xenova/distilbert-base-uncased-finetuned-sst-2-english", 5, "docs"), ("gpt-4o", 9, "docs"), ("o3-mini", 13, "docs")}
    # (the broken ```ts block parses with errors and names nothing: no crash, no gap in docs context)
    assert scan(tmp_path / "off", {"README.md": md}) == []  # without --include-docs fences are not read


def test_tiktoken_encodings_are_not_models(tmp_path: Path) -> None:
    # kernel-memory's appsettings.json: "Tokenizer": "cl100k" / "o200k" next to the model were 13 API models
    from scanner.discover.classify import classify

    refs = scan(tmp_path, {"appsettings.json": '''{
  "AzureOpenAIText": {"Deployment": "gpt-4o", "Tokenizer": "o200k", "APIType": "ChatCompletion"},
  "Ollama": {"ModelName": "llama3.1:8b", "Tokenizer": "cl100k"}
}
'''})
    assert {r.identifier for r in refs} == {"gpt-4o", "llama3.1:8b"}
    for hint, provider in (("api", "azure"), ("ollama", None), ("generic", None), ("hf", None)):
        for value in ("cl100k", "cl100k_base", "o200k_base", "p50k_edit", "r50k_base", "o200k_harmony"):
            assert classify(value, hint, provider, explicit=True) is None, (value, hint)


def test_clients_handed_out_by_dependency_injection(tmp_path: Path) -> None:
    # dotnet/ai-samples: services.GetRequiredService<ChatCompletionsClient>().AsChatClient("gpt-4o-mini") went to OpenAI
    refs = scan(tmp_path, {"Program.cs": '''using Microsoft.Extensions.AI;
builder.Services.AddChatClient(services => services.GetRequiredService<ChatCompletionsClient>().AsChatClient("gpt-4o-mini"));
var azure = sp.GetService<Azure.AI.OpenAI.AzureOpenAIClient>()!.GetChatClient("gpt-4o");
var plain = sp.GetRequiredService<OpenAIClient>().GetChatClient("gpt-4.1");
var keyed = sp.GetRequiredKeyedService<AzureOpenAIClient>("eu").GetChatClient("o3-mini");
'''})
    assert {(r.identifier, r.provider) for r in refs} == {("gpt-4o-mini", "azure"), ("gpt-4o", "azure"), ("gpt-4.1", "openai"),
                                                          ("o3-mini", "azure")}


def test_semantic_kernel_connectors(tmp_path: Path) -> None:
    # Semantic Kernel: Add<Provider><Service>(model, ..) and <Provider><Service>Service(model, ..) connectors (dozens of
    # names, one scheme); another connector's endpoint on the same builder does not redirect this one
    refs = scan(tmp_path, {"Program.cs": '''using Microsoft.SemanticKernel;
var builder = Kernel.CreateBuilder()
    .AddOllamaChatClient(modelId: "llama3.2-vision", endpoint: new Uri("http://localhost:11434"))
    .AddAzureOpenAIChatCompletion(
        deploymentName: TestConfiguration.AzureOpenAI.ChatDeploymentName,
        endpoint: TestConfiguration.AzureOpenAI.Endpoint,
        modelId: "o1-mini");
builder.AddOpenAIEmbeddingGenerator("text-embedding-3-small", key);
builder.AddHuggingFaceTextGeneration("microsoft/phi-2", apiKey: key);
builder.AddBedrockChatClient("anthropic.claude-3-haiku-20240307-v1:0");
builder.AddOpenAIChatCompletion(
    serviceId: "openai",
    modelId: config["OpenAI:ChatModelId"] ?? "gpt-4o",
    apiKey: config["OpenAI:ApiKey"]!);
''', "Services.cs": '''using Microsoft.SemanticKernel.Connectors.MistralAI;
class Services {
    void Make() {
        var chat = new MistralAIChatCompletionService("mistral-small-latest", "key");
        var gemini = new GoogleAIGeminiChatCompletionService("gemini-2.5-pro", "key");
        using var embed = new MistralAIEmbeddingGenerator("mistral-embed", "key");
        var azure = new AzureOpenAIChatCompletionService("my-gpt4o-deployment", endpoint, key);
    }
}
'''})
    assert {(r.kind.value, r.identifier, r.location.line, r.provider) for r in refs} == {
        ("ollama", "llama3.2-vision:latest", 3, None), ("api-model", "o1-mini", 7, "openai"),
        ("api-model", "text-embedding-3-small", 8, "openai"), ("hf-model", "microsoft/phi-2", 9, None),
        ("api-model", "anthropic.claude-3-haiku-20240307-v1:0", 10, "bedrock"), ("api-model", "gpt-4o", 13, "openai"),
        ("api-model", "mistral-small-latest", 4, "mistral"), ("api-model", "gemini-2.5-pro", 5, "google"),
        ("api-model", "mistral-embed", 6, "mistral"), ("api-model", "my-gpt4o-deployment", 7, "azure")}


def test_stand_ins_in_api_slots_are_not_models(tmp_path: Path) -> None:
    # Semantic Kernel's unit tests: AzureOpenAIChatCompletionService("deployment", ..), ("fake-model", ..), ("modelId", ..)
    from scanner.discover.classify import classify

    refs = scan(tmp_path, {"ServiceTests.cs": '''using Microsoft.SemanticKernel;
class ServiceTests {
    void A() {
        var a = new AzureOpenAIChatCompletionService("deployment", "https://endpoint", "api-key");
        var b = new VertexAIGeminiChatCompletionService("fake-model", "key", "location", "project");
        builder.AddAzureAIInferenceChatCompletion("modelId", "api-key", new Uri("https://localhost"));
        builder.AddAzureOpenAIEmbeddingGenerator("deployment-name", "https://endpoint", "api-key");
        var c = new OpenAIChatCompletionService("test-model", "key");
        var d = new OpenAIChatCompletionService("gpt-4o", "key");
    }
}
'''})
    assert {r.identifier for r in refs} == {"gpt-4o"}
    assert classify("gpt-4o-mini", "api", "azure", explicit=True) is not None
    assert classify("deployment", "api", "azure", explicit=True) is None


def test_hub_test_repositories_with_stand_in_names_are_kept() -> None:
    # diffusers' tests load hf-internal-testing/dummy-gemma-for-diffusers: a real Hub repo, not a stand-in
    from scanner.discover.classify import classify

    for hint in ("generic", "hf"):
        found = classify("hf-internal-testing/dummy-gemma-for-diffusers", hint)
        assert found is not None and found.identifier == "hf-internal-testing/dummy-gemma-for-diffusers", hint
    assert classify("dummy-model", "generic") is None and classify("test-model", "api", "openai", explicit=True) is None
