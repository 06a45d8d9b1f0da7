"""Hosted model APIs: which provider a base URL, an SDK, a litellm prefix or a model name points at."""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlparse

# Host (suffix) -> provider key, as in rules/registry/api_providers.yaml; merged with the registry's hosts.
HOSTS: dict[str, str] = {
    "api.openai.com": "openai", "openai.azure.com": "azure", "api.anthropic.com": "anthropic",
    "generativelanguage.googleapis.com": "google", "aiplatform.googleapis.com": "google",
    "api.deepseek.com": "deepseek", "dashscope.aliyuncs.com": "dashscope", "dashscope-intl.aliyuncs.com": "dashscope",
    "api.mistral.ai": "mistral", "api.moonshot.cn": "moonshot", "api.moonshot.ai": "moonshot",
    "open.bigmodel.cn": "zhipu", "api.z.ai": "zhipu", "qianfan.baidubce.com": "qianfan", "aip.baidubce.com": "qianfan",
    "openrouter.ai": "openrouter", "api.together.xyz": "together", "api.together.ai": "together",
    "api.groq.com": "groq", "api.fireworks.ai": "fireworks", "api.x.ai": "xai", "api.cohere.com": "cohere",
    "api.cohere.ai": "cohere", "api.lingyiwanwu.com": "01ai", "api.01.ai": "01ai", "api.baichuan-ai.com": "baichuan",
    "api.minimax.chat": "minimax", "api.minimaxi.com": "minimax", "api.siliconflow.cn": "siliconflow",
    "api.siliconflow.com": "siliconflow", "ark.cn-beijing.volces.com": "volcengine", "api.hunyuan.cloud.tencent.com": "tencent",
    "hunyuan.tencentcloudapi.com": "tencent", "spark-api-open.xf-yun.com": "iflytek", "api.perplexity.ai": "perplexity",
    "api.deepinfra.com": "deepinfra", "api-inference.huggingface.co": "huggingface", "router.huggingface.co": "huggingface",
    "api.stepfun.com": "stepfun", "api.sambanova.ai": "sambanova", "api.cerebras.ai": "cerebras",
    "integrate.api.nvidia.com": "nvidia",
}
# Providers that serve other developers' open-weight models under their Hub ids.
HOSTING_PROVIDERS = frozenset({"openrouter", "together", "groq", "fireworks", "deepinfra", "siliconflow", "huggingface", "sambanova", "cerebras", "nvidia"})
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal"})  # noqa: S104 - names, not a bind

# litellm / dspy / crewai / smolagents "provider/model" prefixes.
LITELLM_PREFIXES: dict[str, str] = {
    "openai": "openai", "azure": "azure", "azure_ai": "azure", "anthropic": "anthropic", "gemini": "google",
    "vertex_ai": "google", "vertex_ai_beta": "google", "google": "google", "deepseek": "deepseek", "mistral": "mistral",
    "codestral": "mistral", "groq": "groq", "together_ai": "together", "fireworks_ai": "fireworks", "cohere": "cohere",
    "cohere_chat": "cohere", "dashscope": "dashscope", "moonshot": "moonshot", "zhipuai": "zhipu", "zai": "zhipu",
    "openrouter": "openrouter", "xai": "xai", "perplexity": "perplexity", "deepinfra": "deepinfra", "bedrock": "bedrock",
    "sagemaker": "sagemaker", "volcengine": "volcengine", "nvidia_nim": "nvidia", "cerebras": "cerebras",
    "sambanova": "sambanova", "replicate": "replicate", "huggingface": "huggingface", "ollama": "ollama",
    "ollama_chat": "ollama", "hosted_vllm": "self-hosted", "lm_studio": "self-hosted", "text-completion-openai": "openai",
    "github": "github", "bedrock_converse": "bedrock",
    "claude": "anthropic", "azure_openai": "azure", "aws": "bedrock",  # crewAI's native providers
}
# Prefixes that are also Hub organisations: the rest of the id decides (an API model name, else a Hub repo).
AMBIGUOUS_PREFIXES = frozenset({"openai", "google", "anthropic", "nvidia", "github", "aws"})
# pydantic-ai / langchain init_chat_model "provider:model".
COLON_PREFIXES: dict[str, str] = {
    "openai": "openai", "anthropic": "anthropic", "google_genai": "google", "google-gla": "google", "google-vertex": "google",
    "google_vertexai": "google", "gemini": "google", "groq": "groq", "mistral": "mistral", "mistralai": "mistral",
    "cohere": "cohere", "deepseek": "deepseek", "bedrock": "bedrock", "azure_openai": "azure", "together": "together",
    "fireworks": "fireworks", "xai": "xai", "ollama": "ollama", "huggingface": "huggingface", "openrouter": "openrouter",
}
# Model-name patterns (fallback when the registry has none for a provider).
PATTERNS: tuple[tuple[str, str], ...] = (
    ("openai", r"^(gpt-[345]|gpt-4o|gpt-4\.1|gpt-oss|chatgpt-|o[134](-|$)|text-embedding-(3|ada)|dall-e|whisper-1|tts-1"
               r"|davinci|babbage|text-davinci|omni-moderation|computer-use|gpt-image-|gpt-realtime|gpt-audio|sora-)"),
    ("anthropic", r"^claude-"),
    ("google", r"^(gemini-|text-embedding-00|embedding-001|imagen-|veo-)"),
    ("deepseek", r"^deepseek-(chat|reasoner)$"),
    ("dashscope", r"^(qwen-(max|plus|turbo|long|vl|audio|coder|math|mt)|qwq-|qwen[23](\.5)?-(max|plus|turbo)|text-embedding-v\d|qwen-omni)"),
    ("mistral", r"^(mistral-(large|medium|small|tiny|embed|saba|moderation)|open-mistral|open-mixtral|codestral-|ministral-|pixtral-|magistral-|devstral-)"),
    ("moonshot", r"^(moonshot-v1|kimi-)"),
    ("zhipu", r"^(glm-[345]|glm-4v|cogview-|embedding-[23]$|charglm)"),
    ("qianfan", r"^(ernie-|ERNIE-)"),
    ("cohere", r"^(command-|command$|rerank-|embed-(english|multilingual|v4))"),
    ("01ai", r"^yi-(large|medium|spark|lightning|vision)"),
    ("baichuan", r"^baichuan\d-(turbo|53b)"),
    ("minimax", r"^(abab\d|minimax-)"),
    ("xai", r"^grok-"),
    ("bedrock", r"^((us|eu|apac|global)\.)?(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|stability)\.[\w.-]+?(-v\d+)?(:\d+)?$"),
    # newer vendors whose prefix is also a Python module (openai.types): only with Bedrock's :N version suffix
    ("bedrock", r"^((us|eu|apac|global)\.)?(openai|qwen|twelvelabs|luma)\.[\w.-]+:\d+$"),
    ("volcengine", r"^doubao-"),
    ("tencent", r"^hunyuan-"),
    ("perplexity", r"^(sonar|llama-3.*-sonar)"),
)
# SDK modules (first dotted part, or the full module) whose clients call one provider.
SDK_PROVIDERS: dict[str, str] = {
    "openai": "openai", "anthropic": "anthropic", "google.genai": "google", "google.generativeai": "google",
    "vertexai": "google", "mistralai": "mistral", "cohere": "cohere", "zhipuai": "zhipu", "dashscope": "dashscope",
    "qianfan": "qianfan", "groq": "groq", "together": "together", "fireworks": "fireworks", "xai_sdk": "xai",
    "volcenginesdkarkruntime": "volcengine", "erniebot": "qianfan", "cerebras": "cerebras",
}
# Framework wrapper classes -> provider.
WRAPPER_PROVIDERS: dict[str, str] = {
    "ChatOpenAI": "openai", "OpenAIEmbeddings": "openai", "AzureChatOpenAI": "azure", "AzureOpenAIEmbeddings": "azure",
    "OpenAIEmbedding": "openai", "AzureOpenAI": "azure", "OpenAIResponses": "openai",
    "ChatAnthropic": "anthropic", "AnthropicLLM": "anthropic", "Anthropic": "anthropic",
    "ChatGoogleGenerativeAI": "google", "GoogleGenerativeAIEmbeddings": "google", "ChatVertexAI": "google",
    "VertexAIEmbeddings": "google", "Gemini": "google", "GeminiEmbedding": "google", "GoogleGenAI": "google",
    "GoogleGenAIEmbedding": "google", "GenerativeModel": "google",
    "ChatMistralAI": "mistral", "MistralAIEmbeddings": "mistral", "MistralAI": "mistral", "MistralAIEmbedding": "mistral",
    "ChatCohere": "cohere", "CohereEmbeddings": "cohere", "CohereRerank": "cohere", "Cohere": "cohere",
    "ChatTongyi": "dashscope", "Tongyi": "dashscope", "DashScopeEmbeddings": "dashscope", "DashScope": "dashscope",
    "DashScopeEmbedding": "dashscope", "ChatZhipuAI": "zhipu", "ZhipuAI": "zhipu", "ZhipuAIEmbeddings": "zhipu",
    "QianfanChatEndpoint": "qianfan", "QianfanLLMEndpoint": "qianfan", "QianfanEmbeddingsEndpoint": "qianfan",
    "ChatDeepSeek": "deepseek", "DeepSeek": "deepseek", "ChatMoonshot": "moonshot", "Moonshot": "moonshot",
    "ChatGroq": "groq", "Groq": "groq", "ChatBaichuan": "baichuan", "ChatHunyuan": "tencent", "ChatSparkLLM": "iflytek",
    "MiniMaxChat": "minimax", "ChatTogether": "together", "TogetherEmbeddings": "together", "ChatFireworks": "fireworks",
    "ChatXAI": "xai", "ChatPerplexity": "perplexity", "ChatYi": "01ai", "ChatBedrock": "bedrock", "ChatBedrockConverse": "bedrock",
    "BedrockEmbeddings": "bedrock", "BedrockConverse": "bedrock", "Bedrock": "bedrock", "BedrockEmbedding": "bedrock",
    "AzureOpenAIEmbedding": "azure", "AzureChatCompletion": "azure", "AzureTextCompletion": "azure", "AzureTextEmbedding": "azure",
    "OpenAIChatCompletion": "openai", "OpenAITextCompletion": "openai", "OpenAITextEmbedding": "openai",
    "AzureAIChatCompletion": "azure", "GoogleAIChatCompletion": "google", "VertexAIChatCompletion": "google",
    "AnthropicChatCompletion": "anthropic", "MistralAIChatCompletion": "mistral", "OllamaChatCompletion": "ollama",
}
# Base-URL keyword names of clients and wrappers.
BASE_URL_KEYS = ("base_url", "api_base", "api_base_url", "openai_api_base", "azure_endpoint", "endpoint", "api_url", "base_api_url", "api_endpoint",
                 "openai_base_url", "ollama_base_url")


# Keys of a mapping that say which provider its model keys belong to (``provider: ollama``; Langchain-Chatchat's
# ``platform_type: ollama`` next to ``llm_models``).
PROVIDER_KEYS = ("provider", "model_provider", "llm_provider", "api_type", "backend", "platform_type")


def provider_hint(provider: str) -> tuple[str, str | None, bool]:
    """(classify hint, provider, explicit) for a mapping whose provider key says ``provider``."""
    provider = provider.lower()
    if provider == "ollama":
        return "ollama", None, False
    if provider in ("huggingface", "hf", "transformers", "vllm", "sentence-transformers", "sentence_transformers", "local"):
        return "hf", None, False
    if provider in ("modelscope",):
        return "modelscope", None, False
    mapped = COLON_PREFIXES.get(provider) or LITELLM_PREFIXES.get(provider) or (provider if known_provider(provider) else None)
    if mapped is None:  # `backend: turbomind` in a CI matrix: an inference engine, not an API provider
        return "generic", None, False
    return "api", mapped, True


def provider_for_url(url: str) -> str | None:
    """Provider behind a base URL; ``self-hosted`` for loopback and bare service names; None if unknown."""
    text = url.strip()
    if not text:
        return None
    parsed = urlparse(text if "://" in text else f"http://{text}")
    host = (parsed.hostname or "").lower()
    if not host:
        return None
    try:
        if parsed.port == 11434 or host == "ollama" or host.startswith("ollama."):
            return "ollama"
    except ValueError:
        pass
    for suffix, provider in _hosts().items():
        if host == suffix or host.endswith("." + suffix):
            return provider
    if host in LOCAL_HOSTS or "." not in host or host.endswith((".local", ".internal", ".svc", ".cluster.local")):
        return "self-hosted"
    return None


def hint_for_name(name: str) -> tuple[str, str | None]:
    """What a variable named like ``OLLAMA_MODEL`` or ``GROQ_MODEL_ID`` holds: (classify hint, provider)."""
    words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]
    for word in words:
        if word == "ollama":
            return "ollama", None
        if word in ("hf", "huggingface", "hub"):
            return "hf", None
        provider = COLON_PREFIXES.get(word) or LITELLM_PREFIXES.get(word) or _WORD_PROVIDERS.get(word)
        if provider and provider not in ("huggingface", "self-hosted", "ollama"):
            return "api", provider
    return "generic", None


_WORD_PROVIDERS = {"tongyi": "dashscope", "siliconflow": "siliconflow", "volcengine": "volcengine", "zhipu": "zhipu",
                   "qianfan": "qianfan", "cohere": "cohere"}


@functools.lru_cache(maxsize=65536)  # pure: the patterns are read once per process
def provider_for_name(name: str, *, builtin_only: bool = False) -> str | None:
    """Provider whose public model names look like ``name`` (``claude-3-5-sonnet`` -> anthropic)."""
    for provider, pattern in _patterns()[: len(PATTERNS)] if builtin_only else _patterns():
        if pattern.search(name):
            return provider
    return None


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = [(p, re.compile(rx, re.I)) for p, rx in PATTERNS]
    builtin = {p for p, _ in PATTERNS}
    for entry in _registry_providers():
        # The registry's patterns serve name inference (``^qwen`` also matches Hub repos served locally):
        # discovery only borrows them for providers it has no patterns of its own for.
        if entry.get("host_only") or entry.get("provider") in builtin:
            continue
        for rx in entry.get("model_patterns") or ():
            try:
                out.append((str(entry["provider"]), re.compile(str(rx), re.I)))
            except (re.error, KeyError):
                continue
    return tuple(out)


@functools.cache
def _hosts() -> dict[str, str]:
    hosts = dict(HOSTS)
    for entry in _registry_providers():
        for host in entry.get("hosts") or ():
            hosts.setdefault(str(host).lower(), str(entry.get("provider")))
    return dict(sorted(hosts.items(), key=lambda kv: -len(kv[0])))


@functools.cache
def registry_provider_names() -> dict[str, str]:
    """Each bundled provider's name and aliases (lower-case) -> the provider."""
    names: dict[str, str] = {}
    for entry in _registry_providers():
        provider = str(entry.get("provider") or "")
        for name in (provider, *(entry.get("aliases") or ())):
            if provider and isinstance(name, str):
                names.setdefault(name.lower(), provider)
    return names


@functools.cache
def _registry_providers() -> tuple[dict[str, Any], ...]:
    """The bundled api_providers.yaml entries (read once per process; missing or broken -> built-in tables only)."""
    try:
        from ..data import load_registry_yaml

        data = load_registry_yaml("api_providers.yaml")
        entries = data.get("api_providers", []) if isinstance(data, dict) else []
        return tuple(e for e in entries if isinstance(e, dict) and e.get("provider"))
    except (OSError, ValueError, ImportError, AttributeError):
        return ()
    except Exception:  # noqa: BLE001 - a broken registry file must not break discovery
        return ()


@functools.cache
def _provider_names() -> frozenset[str]:
    names = {p for p, _ in PATTERNS} | set(LITELLM_PREFIXES.values()) | set(COLON_PREFIXES.values()) | set(HOSTS.values())
    names |= set(SDK_PROVIDERS.values()) | HOSTING_PROVIDERS | set(_WORD_PROVIDERS.values())
    names |= {str(e["provider"]) for e in _registry_providers()}
    return frozenset(n.lower() for n in names)


def known_provider(name: str) -> bool:
    """Whether ``name`` is a provider id aiscan knows (built-in tables or api_providers.yaml)."""
    return name.lower() in _provider_names()
