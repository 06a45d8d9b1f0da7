"""Call shapes of the AI SDKs of JS/TS, Go, JVM, .NET and Rust: which module, class or function takes a model, of what kind."""

from __future__ import annotations

# A slot kind: (classify hint, provider). hint: api, hf, ollama, cloudflare.
Shape = tuple[str, "str | None"]

# Imported module (prefix) -> what its clients take. Longest prefix wins.
MODULES: dict[str, Shape] = {
    # npm
    "openai": ("api", "openai"), "@azure/openai": ("api", "azure"), "@anthropic-ai/sdk": ("api", "anthropic"),
    "@anthropic-ai/bedrock-sdk": ("api", "bedrock"), "@anthropic-ai/vertex-sdk": ("api", "google"),
    "@ai-sdk/openai": ("api", "openai"), "@ai-sdk/anthropic": ("api", "anthropic"), "@ai-sdk/google": ("api", "google"),
    "@ai-sdk/google-vertex": ("api", "google"), "@ai-sdk/deepseek": ("api", "deepseek"), "@ai-sdk/mistral": ("api", "mistral"),
    "@ai-sdk/groq": ("api", "groq"), "@ai-sdk/xai": ("api", "xai"), "@ai-sdk/amazon-bedrock": ("api", "bedrock"),
    "@ai-sdk/azure": ("api", "azure"), "@ai-sdk/togetherai": ("api", "together"), "@ai-sdk/fireworks": ("api", "fireworks"),
    "@ai-sdk/cerebras": ("api", "cerebras"), "@ai-sdk/deepinfra": ("api", "deepinfra"), "@ai-sdk/cohere": ("api", "cohere"),
    "@ai-sdk/perplexity": ("api", "perplexity"), "@ai-sdk/openai-compatible": ("api", None), "@openrouter/ai-sdk-provider": ("api", "openrouter"),
    "qwen-ai-provider": ("api", "dashscope"), "@ai-sdk/alibaba": ("api", "dashscope"), "zhipu-ai-provider": ("api", "zhipu"),
    "moonshot-ai-provider": ("api", "moonshot"), "ollama-ai-provider": ("ollama", None), "ollama": ("ollama", None),
    "@langchain/openai": ("api", "openai"), "@langchain/anthropic": ("api", "anthropic"), "@langchain/ollama": ("ollama", None),
    "@langchain/google-genai": ("api", "google"), "@langchain/google-vertexai": ("api", "google"), "@langchain/mistralai": ("api", "mistral"),
    "@langchain/groq": ("api", "groq"), "@langchain/deepseek": ("api", "deepseek"), "@langchain/aws": ("api", "bedrock"),
    "@langchain/cohere": ("api", "cohere"), "@langchain/xai": ("api", "xai"),
    "@huggingface/transformers": ("hf", None), "@xenova/transformers": ("hf", None), "@huggingface/inference": ("hf", None),
    "@llamaindex/openai": ("api", "openai"), "@llamaindex/anthropic": ("api", "anthropic"), "@llamaindex/ollama": ("ollama", None),
    "@llamaindex/huggingface": ("hf", None), "@aws-sdk/client-bedrock-runtime": ("api", "bedrock"),
    "@google/generative-ai": ("api", "google"), "@google/genai": ("api", "google"), "@google-cloud/vertexai": ("api", "google"),
    "@mistralai/mistralai": ("api", "mistral"), "groq-sdk": ("api", "groq"), "cohere-ai": ("api", "cohere"),
    # Go
    "github.com/sashabaranov/go-openai": ("api", "openai"), "github.com/openai/openai-go": ("api", "openai"),
    "github.com/anthropics/anthropic-sdk-go": ("api", "anthropic"), "github.com/ollama/ollama": ("ollama", None),
    "github.com/tmc/langchaingo/llms/openai": ("api", "openai"), "github.com/tmc/langchaingo/llms/ollama": ("ollama", None),
    "github.com/tmc/langchaingo/llms/anthropic": ("api", "anthropic"), "github.com/tmc/langchaingo/llms/googleai": ("api", "google"),
    "cloud.google.com/go/vertexai": ("api", "google"), "google.golang.org/genai": ("api", "google"),
    "github.com/google/generative-ai-go": ("api", "google"), "github.com/volcengine/volcengine-go-sdk/service/arkruntime": ("api", "volcengine"),
    "github.com/aws/aws-sdk-go-v2/service/bedrockruntime": ("api", "bedrock"),
    "github.com/cloudwego/eino-ext/components/model/openai": ("api", "openai"), "github.com/cloudwego/eino-ext/components/model/ark": ("api", "volcengine"),
    "github.com/cloudwego/eino-ext/components/model/ollama": ("ollama", None), "github.com/cloudwego/eino-ext/components/model/qwen": ("api", "dashscope"),
    # JVM (package prefixes)
    "com.openai": ("api", "openai"), "com.theokanning.openai": ("api", "openai"), "com.aallam.openai": ("api", "openai"),
    "org.springframework.ai.openai": ("api", "openai"), "org.springframework.ai.ollama": ("ollama", None),
    "org.springframework.ai.anthropic": ("api", "anthropic"), "org.springframework.ai.azure": ("api", "azure"),
    "org.springframework.ai.vertexai": ("api", "google"), "org.springframework.ai.bedrock": ("api", "bedrock"),
    "org.springframework.ai.zhipuai": ("api", "zhipu"), "org.springframework.ai.moonshot": ("api", "moonshot"),
    "org.springframework.ai.qianfan": ("api", "qianfan"), "org.springframework.ai.minimax": ("api", "minimax"),
    "org.springframework.ai.mistralai": ("api", "mistral"), "com.alibaba.cloud.ai.dashscope": ("api", "dashscope"),
    "dev.langchain4j.model.openai": ("api", "openai"), "dev.langchain4j.model.ollama": ("ollama", None),
    "dev.langchain4j.model.anthropic": ("api", "anthropic"), "dev.langchain4j.model.dashscope": ("api", "dashscope"),
    "dev.langchain4j.community.model.dashscope": ("api", "dashscope"), "dev.langchain4j.model.zhipu": ("api", "zhipu"),
    "dev.langchain4j.community.model.zhipu": ("api", "zhipu"), "dev.langchain4j.model.qianfan": ("api", "qianfan"),
    "dev.langchain4j.model.vertexai": ("api", "google"), "dev.langchain4j.model.bedrock": ("api", "bedrock"),
    "com.alibaba.dashscope": ("api", "dashscope"), "com.anthropic": ("api", "anthropic"), "com.baidubce.qianfan": ("api", "qianfan"),
    "com.volcengine.ark": ("api", "volcengine"), "ai.z.openapi": ("api", "zhipu"), "com.zhipu.oapi": ("api", "zhipu"),
    "software.amazon.awssdk.services.bedrockruntime": ("api", "bedrock"), "com.google.cloud.vertexai": ("api", "google"),
    "com.google.genai": ("api", "google"), "io.github.ollama4j": ("ollama", None),
    # .NET namespaces
    "OpenAI": ("api", "openai"), "Azure.AI.OpenAI": ("api", "azure"), "Anthropic": ("api", "anthropic"), "OllamaSharp": ("ollama", None),
    "Amazon.BedrockRuntime": ("api", "bedrock"), "Google.Cloud.AIPlatform": ("api", "google"), "Mscc.GenerativeAI": ("api", "google"),
    # Rust crates (use paths)
    "async_openai": ("api", "openai"), "ollama_rs": ("ollama", None), "openai_api_rs": ("api", "openai"), "anthropic_sdk": ("api", "anthropic"),
    "aws_sdk_bedrockruntime": ("api", "bedrock"),
}

# Class, constructor or factory names (last part of the callee) -> slot kind; these decide whatever the import.
CALLEES: dict[str, Shape] = {
    # JS clients and wrappers
    "OpenAI": ("api", "openai"), "AzureOpenAI": ("api", "azure"), "Anthropic": ("api", "anthropic"), "AnthropicBedrock": ("api", "bedrock"),
    "AnthropicVertex": ("api", "google"), "ChatOpenAI": ("api", "openai"), "OpenAIEmbeddings": ("api", "openai"),
    "AzureChatOpenAI": ("api", "azure"), "ChatAnthropic": ("api", "anthropic"), "ChatOllama": ("ollama", None),
    "OllamaEmbeddings": ("ollama", None), "Ollama": ("ollama", None), "ChatGoogleGenerativeAI": ("api", "google"),
    "ChatVertexAI": ("api", "google"), "ChatMistralAI": ("api", "mistral"), "ChatGroq": ("api", "groq"), "ChatDeepSeek": ("api", "deepseek"),
    "ChatBedrockConverse": ("api", "bedrock"), "ChatAlibabaTongyi": ("api", "dashscope"), "ChatZhipuAI": ("api", "zhipu"),
    "ChatBaiduQianfan": ("api", "qianfan"), "ChatMoonshot": ("api", "moonshot"), "HuggingFaceEmbedding": ("hf", None),
    "HuggingFaceInferenceAPI": ("hf", None), "HfInference": ("hf", None), "InferenceClient": ("hf", None),
    "BedrockRuntimeClient": ("api", "bedrock"), "ConverseCommand": ("api", "bedrock"), "ConverseStreamCommand": ("api", "bedrock"),
    "InvokeModelCommand": ("api", "bedrock"), "InvokeModelWithResponseStreamCommand": ("api", "bedrock"),
    "GoogleGenerativeAI": ("api", "google"), "GoogleGenAI": ("api", "google"), "VertexAI": ("api", "google"), "Groq": ("api", "groq"),
    "Mistral": ("api", "mistral"), "CohereClient": ("api", "cohere"),
    "createOpenAI": ("api", "openai"), "createAnthropic": ("api", "anthropic"), "createDeepSeek": ("api", "deepseek"),
    "createGoogleGenerativeAI": ("api", "google"), "createVertex": ("api", "google"), "createMistral": ("api", "mistral"),
    "createGroq": ("api", "groq"), "createXai": ("api", "xai"), "createAmazonBedrock": ("api", "bedrock"), "createAzure": ("api", "azure"),
    "createOpenAICompatible": ("api", None), "createQwen": ("api", "dashscope"), "createAlibaba": ("api", "dashscope"),
    "createZhipu": ("api", "zhipu"), "createOllama": ("ollama", None), "createOpenRouter": ("api", "openrouter"),
    "createTogetherAI": ("api", "together"), "createFireworks": ("api", "fireworks"), "createDeepInfra": ("api", "deepinfra"),
    # JVM
    "OpenAiChatOptions": ("api", "openai"), "OpenAiEmbeddingOptions": ("api", "openai"), "OllamaOptions": ("ollama", None),
    "OllamaChatOptions": ("ollama", None), "AnthropicChatOptions": ("api", "anthropic"), "AzureOpenAiChatOptions": ("api", "azure"),
    "ZhiPuAiChatOptions": ("api", "zhipu"), "MoonshotChatOptions": ("api", "moonshot"), "QianFanChatOptions": ("api", "qianfan"),
    "DashScopeChatOptions": ("api", "dashscope"), "VertexAiGeminiChatOptions": ("api", "google"),
    "OpenAiChatModel": ("api", "openai"), "OpenAiStreamingChatModel": ("api", "openai"), "OpenAiEmbeddingModel": ("api", "openai"),
    "OllamaChatModel": ("ollama", None), "OllamaStreamingChatModel": ("ollama", None), "OllamaEmbeddingModel": ("ollama", None),
    "AnthropicChatModel": ("api", "anthropic"), "QwenChatModel": ("api", "dashscope"), "ZhipuAiChatModel": ("api", "zhipu"),
    "QianfanChatModel": ("api", "qianfan"), "GenerationParam": ("api", "dashscope"), "MultiModalConversationParam": ("api", "dashscope"),
    "ChatCompletionCreateParams": ("api", "openai"), "EmbeddingCreateParams": ("api", "openai"), "OpenAIOkHttpClient": ("api", "openai"),
    "MessageCreateParams": ("api", "anthropic"), "AnthropicOkHttpClient": ("api", "anthropic"), "ChatCompletionRequest": ("api", None),
    "ModelId": ("api", "openai"), "GenerativeModel": ("api", "google"),
    # .NET
    "ChatClient": ("api", "openai"), "EmbeddingClient": ("api", "openai"), "OpenAIClient": ("api", "openai"),
    "AzureOpenAIClient": ("api", "azure"), "OllamaApiClient": ("ollama", None), "ImageClient": ("api", "openai"),
    "AudioClient": ("api", "openai"), "ModerationClient": ("api", "openai"), "OpenAIResponseClient": ("api", "openai"),
    "OllamaChatClient": ("ollama", None), "OllamaEmbeddingGenerator": ("ollama", None),
    "ChatCompletionsClient": ("api", "azure"), "EmbeddingsClient": ("api", "azure"),  # Azure.AI.Inference (Foundry, GitHub Models)
    # Rust
    "CreateChatCompletionRequestArgs": ("api", "openai"), "CreateEmbeddingRequestArgs": ("api", "openai"),
    "CreateCompletionRequestArgs": ("api", "openai"), "GenerationRequest": ("ollama", None), "ChatMessageRequest": ("ollama", None),
}

# Functions that take the model as a positional argument: name -> (argument index, keyword names, slot kind, explicit provider).
POSITIONAL: dict[str, tuple[int, tuple[str, ...], Shape, bool]] = {
    "pipeline": (1, ("model",), ("hf", None), False),
    "from_pretrained": (0, (), ("hf", None), False),
    "GenerativeModel": (0, ("name", "model"), ("api", "google"), False),
    "ModelId": (0, ("id",), ("api", "openai"), False),
    "AddOpenAIChatCompletion": (0, ("modelId",), ("api", "openai"), False),
    "AddOpenAITextEmbeddingGeneration": (0, ("modelId",), ("api", "openai"), False),
    "AddAzureOpenAIChatCompletion": (0, ("deploymentName",), ("api", "azure"), True),
    "AddAzureOpenAITextEmbeddingGeneration": (0, ("deploymentName",), ("api", "azure"), True),
    "AddOllamaChatCompletion": (0, ("modelId",), ("ollama", None), False),
    "AddGoogleAIGeminiChatCompletion": (0, ("modelId",), ("api", "google"), False),
    "AddVertexAIGeminiChatCompletion": (0, ("modelId",), ("api", "google"), False),
    "AddMistralChatCompletion": (0, ("modelId",), ("api", "mistral"), False),
    "AddHuggingFaceChatCompletion": (0, ("model",), ("hf", None), False),
    "AddBedrockChatCompletion": (0, ("modelId",), ("api", "bedrock"), False),
    "ChatClient": (0, ("model",), ("api", "openai"), False),
    "EmbeddingClient": (0, ("model",), ("api", "openai"), False),
    "GetChatClient": (0, ("model", "deploymentName"), ("api", "openai"), False),
    "GetEmbeddingClient": (0, ("model", "deploymentName"), ("api", "openai"), False),
    # the OpenAI .NET SDK (2.x): one client per model, or the model per request (IMPORT_GATED: common method names)
    **{client: (0, ("model",), ("api", "openai"), False) for client in ("ImageClient", "AudioClient", "ModerationClient",
                                                                         "OpenAIResponseClient", "CreateResponseOptions")},
    **{f"Get{client}": (0, ("model", "deploymentName"), ("api", "openai"), False) for client in (
        "ImageClient", "AudioClient", "ModerationClient", "OpenAIResponseClient")},
    **{f"{method}{suffix}": (0, ("model",), ("api", "openai"), False) for suffix in ("", "Async") for method in (
        "CreateResponse", "CreateResponseStreaming", "CreateAssistant", "StartConversationSession")},
    **{f"FineTune{suffix}": (0, ("baseModel",), ("api", "openai"), False) for suffix in ("", "Async")},
    # Microsoft.Extensions.AI: adapters of an SDK client (its chain decides the provider) and the Ollama clients
    "AsChatClient": (0, ("modelId",), ("api", "openai"), False),
    "AsEmbeddingGenerator": (0, ("modelId", "defaultModelId"), ("api", "openai"), False),
    "OllamaChatClient": (1, ("modelId",), ("ollama", None), False),
    "OllamaEmbeddingGenerator": (1, ("modelId",), ("ollama", None), False),
    "OllamaApiClient": (1, ("defaultModel",), ("ollama", None), False),
    # WebLLM (@mlc-ai/web-llm): a prebuilt model id names the Hub repo mlc-ai/<id> (HUB_PREFIXES)
    "CreateMLCEngine": (0, ("modelId",), ("hf", None), False),
    "CreateWebWorkerMLCEngine": (1, ("modelId",), ("hf", None), False),
    "CreateServiceWorkerMLCEngine": (0, ("modelId",), ("hf", None), False),
    "reload": (0, ("modelId",), ("hf", None), False),
    # Semantic Kernel connectors (generated below: SK_CONNECTORS)
    "GenerationRequest.new": (0, (), ("ollama", None), False),
    # mistral.rs (crate mistralrs): Hub ids or local folders
    **{f"{builder}.new": (0, (), ("hf", None), False) for builder in (
        "ModelBuilder", "TextModelBuilder", "MultimodalModelBuilder", "VisionModelBuilder", "EmbeddingModelBuilder",
        "SpeechModelBuilder", "DiffusionModelBuilder", "GgufModelBuilder", "UqffTextModelBuilder", "UqffMultimodalModelBuilder")},
    "ChatMessageRequest.new": (0, (), ("ollama", None), False),
    "languageModel": (0, (), ("api", None), False),
    "textEmbeddingModel": (0, (), ("api", None), False),
    "chatModel": (0, (), ("api", None), False),
}

# Semantic Kernel's connectors follow one naming scheme: ``Add<Provider><Service>`` on a kernel builder or service
# collection, and ``<Provider><Service>Service`` / ``<Provider>EmbeddingGenerator`` classes, the model (or Azure
# deployment) first. Entries written out above win.
_SK_PROVIDERS: dict[str, Shape] = {
    "OpenAI": ("api", "openai"), "AzureOpenAI": ("api", "azure"), "AzureAIInference": ("api", "azure"), "Ollama": ("ollama", None),
    "MistralAI": ("api", "mistral"), "Mistral": ("api", "mistral"), "GoogleAI": ("api", "google"), "GoogleAIGemini": ("api", "google"),
    "VertexAI": ("api", "google"), "VertexAIGemini": ("api", "google"), "GoogleGenAI": ("api", "google"),
    "GoogleVertexAI": ("api", "google"), "HuggingFace": ("hf", None), "Bedrock": ("api", "bedrock"), "Anthropic": ("api", "anthropic"),
}
_SK_SERVICES = ("ChatCompletion", "ChatClient", "TextGeneration", "TextEmbeddingGeneration", "EmbeddingGenerator", "TextToImage",
                "TextToAudio", "AudioToText", "ImageToText")
SK_CONNECTORS: dict[str, tuple[int, tuple[str, ...], Shape, bool]] = {
    name: (0, ("deploymentName", "modelId") if provider.startswith("Azure") and provider != "AzureAIInference" else ("modelId", "model"),
           shape, provider.startswith("Azure"))
    for provider, shape in _SK_PROVIDERS.items() for service in _SK_SERVICES
    for name in (f"Add{provider}{service}", f"{provider}{service}Service", f"{provider}{service}")
    if not name.endswith("ChatClientService") and name not in ("OpenAIChatClient", "AzureOpenAIChatClient")}
for _name, _spec in SK_CONNECTORS.items():
    POSITIONAL.setdefault(_name, _spec)
    CALLEES.setdefault(_name, _spec[2])  # the chain after it (and its other model keywords) talks to that provider

# POSITIONAL names common outside AI SDKs (ASP.NET's ``Request.CreateResponse(status, value)``): a slot only in a file
# that imports one of these modules (or a namespace under them).
IMPORT_GATED: dict[str, tuple[str, ...]] = {
    **{f"{method}{suffix}": ("OpenAI", "Azure.AI.OpenAI") for suffix in ("", "Async") for method in (
        "CreateResponse", "CreateResponseStreaming", "CreateAssistant", "StartConversationSession", "FineTune")},
    "reload": ("@mlc-ai/web-llm", "https://esm.run/@mlc-ai/web-llm"),
}
# POSITIONAL slots whose bare ids (no org) name a Hub repo under a fixed org when they carry a marker: WebLLM's
# prebuilt "Llama-3.1-8B-Instruct-q4f32_1-MLC" is https://huggingface.co/mlc-ai/Llama-3.1-8B-Instruct-q4f32_1-MLC
# (every prebuilt id has "-MLC"; a custom model_id of an appConfig lives elsewhere, and test stubs such as "m1" too)
HUB_PREFIXES: dict[str, tuple[str, str]] = {name: ("mlc-ai/", "-MLC") for name in (
    "CreateMLCEngine", "CreateWebWorkerMLCEngine", "CreateServiceWorkerMLCEngine", "reload")}

# Keys, keyword names and builder methods that hold a model (compared lower-case, without _ and -; a with/set prefix is dropped).
MODEL_KEYS = frozenset({"model", "modelname", "modelid", "modeltype", "embedmodel", "embeddingmodel", "chatmodel", "defaultmodel",
                        "llmmodel", "deploymentname", "azuredeployment", "deployment", "modelpath", "modelrepo",
                        "modeluri", "modelurl"})  # KServe's WithModelURI("hf://org/name"), {modelUrl: "org/name"}: what
# classify accepts there is a Hub id or Hub URL, never an endpoint (``http://host:8000`` names no model)
BASE_URL_KEYS = frozenset({"baseurl", "apibase", "baseurlstring", "endpoint", "apiurl", "basepath", "apibaseurl", "apiendpoint",
                           "host", "serverurl", "url"})
# Object keys naming the provider of a model entry in a preset table ({id, provider}).
PROVIDER_KEYS = frozenset({"provider", "providerid", "vendor", "owned_by", "ownedby", "platform"})
ENTRY_ID_KEYS = frozenset({"id", "model", "name", "modelid", "value"})
# Provider words used by preset tables and SDK names beyond the litellm/colon prefixes.
PROVIDER_WORDS: dict[str, str] = {
    "alibaba": "dashscope", "aliyun": "dashscope", "qwen": "dashscope", "tongyi": "dashscope", "bailian": "dashscope",
    "baidu": "qianfan", "ernie": "qianfan", "wenxin": "qianfan", "bytedance": "volcengine", "doubao": "volcengine", "ark": "volcengine",
    "zhipu": "zhipu", "zhipuai": "zhipu", "glm": "zhipu", "chatglm": "zhipu", "moonshot": "moonshot", "kimi": "moonshot",
    "tencent": "tencent", "hunyuan": "tencent", "minimax": "minimax", "siliconflow": "siliconflow", "stepfun": "stepfun",
    "claude": "anthropic", "gemini": "google", "vertex": "google", "google": "google", "azure": "azure", "bedrock": "bedrock",
    "cloudflare": "cloudflare", "workers-ai": "cloudflare", "iflytek": "iflytek", "xunfei": "iflytek", "spark": "iflytek",
    "deepseek": "deepseek", "xai": "xai", "grok": "xai", "mistral": "mistral", "groq": "groq", "anthropic": "anthropic",
    "openai": "openai", "cohere": "cohere",
}


def normal_key(name: str) -> str:
    """``model_name``, ``modelName``, ``WithModel``, ``setModelName`` -> ``model``/``modelname`` form."""
    key = name.replace("_", "").replace("-", "").lower()
    for prefix in ("with", "set"):
        if key.startswith(prefix) and key[len(prefix):] in MODEL_KEYS | BASE_URL_KEYS:
            return key[len(prefix):]
    return key


def module_shape(module: str) -> Shape | None:
    """The slot kind of an imported module or package path (longest matching prefix; else a scoped npm package named
    after a provider)."""
    best: tuple[int, Shape] | None = None
    for prefix, shape in MODULES.items():
        if module == prefix or module.startswith((prefix + "/", prefix + ".", prefix + "::")):
            if best is None or len(prefix) > best[0]:
                best = (len(prefix), shape)
    return best[1] if best else _scoped_provider(module)


def _scoped_provider(module: str) -> Shape | None:
    """``@llamaindex/deepseek``, ``@llamaindex/groq``, ``@mastra/voyage-ai``: a framework's scoped package per provider,
    named after it (with or without ``-ai``/``-sdk``/``-provider``)."""
    if not module.startswith("@") or module.count("/") < 1:
        return None
    from ..providers import COLON_PREFIXES, LITELLM_PREFIXES, registry_provider_names

    word = module.split("/")[1].lower()
    for suffix in ("-ai", "-sdk", "-provider", "ai"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and word[: -len(suffix)] in _provider_words():
            word = word[: -len(suffix)]
            break
    provider = COLON_PREFIXES.get(word) or LITELLM_PREFIXES.get(word) or PROVIDER_WORDS.get(word) or registry_provider_names().get(word)
    if provider is None or provider in ("self-hosted",):
        return None
    if provider == "ollama":
        return ("ollama", None)
    return ("hf", None) if provider == "huggingface" else ("api", provider)


def _provider_words() -> frozenset[str]:
    from ..providers import COLON_PREFIXES, LITELLM_PREFIXES, registry_provider_names

    return frozenset(COLON_PREFIXES) | frozenset(LITELLM_PREFIXES) | frozenset(PROVIDER_WORDS) | frozenset(registry_provider_names())
