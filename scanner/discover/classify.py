"""Decide what a string that reaches a model slot names: Hub repo, ModelScope repo, Ollama tag, API model or file."""

from __future__ import annotations

import functools
import re

from ..models import RefKind
from ..records import record
from .ids import LEGACY_IDS, OLLAMA_TAG, hf_repo, is_model_file_name, is_pathy, is_placeholder_name, local_model_path, split_revision, whisper_repo
from .orgs import known_org
from .providers import (
    AMBIGUOUS_PREFIXES,
    COLON_PREFIXES,
    HOSTING_PROVIDERS,
    LITELLM_PREFIXES,
    LOCAL_HOSTS,
    provider_for_name,
)

_BARE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{1,95}(@\d{8})?$")  # Vertex: claude-3-5-sonnet-v2@20241022
_OLLAMA_SIZE_TAG = re.compile(r":(latest|\d+(\.\d+)?[bmBM]([-_.][\w.-]*)?|[a-z0-9.]+-(q\d|fp16|instruct)[\w.-]*)$")
_FIREWORKS_ID = re.compile(r"^(fireworks_ai/)?accounts/[\w-]+/models/[\w.-]+$")
_SCRIPT_TAG = re.compile(r"\.(py|sh|js|mjs|ts|ya?ml|json|txt|toml|cfg|ini|md)$")  # python:provider.py is a script
_API_SEGMENTS = frozenset({"chat", "completion", "messages", "embedding", "embeddings", "responses", "assistant", "realtime"})
# URI schemes written without ``//`` (``about:blank``, ``mailto:x``, ``data:image/png``): a name:tag shape, not an Ollama tag
_URI_SCHEMES = frozenset({"about", "blob", "chrome", "data", "file", "geo", "javascript", "magnet", "mailto", "news", "sms", "tel",
                          "urn", "view-source", "xmpp", "callto", "skype", "vbscript", "cid", "mid"})
# Families of developers other than OpenAI, by the first word of a model name (``Qwen2.5-Coder-32B``, ``llama-3.1-8b``)
_OTHER_FAMILY = re.compile(r"(?i)(?:qwen|qwq|deepseek|llama|codellama|mistral|mixtral|codestral|devstral|ministral|gemma|gemini|"
                           r"claude|glm|chatglm|codegeex|yi|phi|grok|kimi|moonshot|ernie|doubao|hunyuan|internlm|baichuan|minimax|"
                           r"falcon|granite|olmo|starcoder|nemotron|hermes|vicuna|exaone|command-r)(?![a-z])")
_CREDENTIAL_NAME = re.compile(r"(?i)(?:^|[_.-])(?:secret|password|passwd|api_?key|api_?secret|app_?id|app_?key|api_?url|"
                              r"access_?key|secret_?id|secret_?key|access_?token|auth_?token)(?:$|[_.-])")
# API model names that are also plain English words: with no provider in sight (a generic slot, the parser-free scan of
# a Helm template's ``echo "... vllm command ..."``, an OpenAPI ``attribute_map`` of ``'command': 'command'``) the word is
# not a Cohere model; an API slot of Cohere (``co.chat(model="command")``) still reads it.
_WORD_NAMES = frozenset({"command"})
# A name ending in a GGUF quantisation (``minimax-m2.7-ud-q4-k-m``, ``glm-4.7-flash-q8-0``, ``x-IQ2_XXS``): a local
# server's name for quantised weights (LocalAI gallery variants), never the provider API's model of that family
_QUANT_NAME = re.compile(r"(?i)[-_.](?:ud[-_])?i?q[1-8](?:[-_][0-9a-z]{1,3}){0,2}$")
_QUANT_SUFFIX = re.compile(r":(Q\d\w*|IQ\d\w*|F16|F32|BF16|q\d\w*)$")


# Anthropic beta headers name features, not models (``betas=["computer-use-2025-01-24"]``).
BETA_HEADER = re.compile(r"^(computer-use|token-efficient-tools|prompt-caching|pdfs|output-128k|interleaved-thinking|files-api|"
                         r"mcp-client|code-execution|context-1m|extended-cache-ttl|message-batches|fine-grained-tool-streaming|"
                         r"max-tokens-3-5-sonnet|context-management|web-fetch|web-search|skills|dev-full-thinking|"
                         r"model-context-window-exceeded|search-results|oauth)-\d{4}-\d{2}-\d{2}$")
# Data and tokenizer files handed to a model slot (``tekken.json``, ``tokenizer.model``): files, never API model names.
# tiktoken's encoding names (kernel-memory's "Tokenizer": "cl100k" next to "TextModel"): an encoding, not a model.
_NOT_AN_ID = re.compile(r"(?i)[\d.,_]+|default|none|null|nil|undefined|true|false|(?:cl100k|o200k|p50k|r50k)(?:_base|_edit|_harmony)?")
# ``key:value`` strings that name no model whatever reads them: Hub search tags (``license:mit``, ``language:en``,
# ``task_categories:summarization`` in a ``list_datasets(filter=...)`` list were Ollama tags) and a loopback host with
# its port (``localhost:5000`` in a server address). No Ollama library model bears one of these names.
_NOT_MODEL_KEYS = frozenset({"license", "language", "region", "task_categories", "task_ids", "size_categories", "arxiv",
                             "doi", "library", "pipeline_tag", "modality", "multilinguality", "annotations_creators",
                             "language_creators"}) | LOCAL_HOSTS
# Colon prefixes (pydantic-ai ``provider:model``) that are also an Ollama library model's name: ``name:tag``.
_OLLAMA_LIBRARY_PREFIXES = frozenset({"mistral"})
_DATA_FILE = re.compile(r"\.(json|jsonl|ya?ml|txt|csv|tsv|parquet|model|tiktoken|vocab|spm|py|md)$", re.I)


def module_attr(text: str) -> bool:
    """``myapp.models:ChatModel``, ``server.handlers:make_app``: an import path (entry points, ASGI apps), not a tag."""
    name, sep, attr = text.partition(":")
    parts = name.split(".")
    return bool(sep) and len(parts) >= 2 and all(p.isidentifier() for p in parts) and attr.isidentifier() and (
        attr[:1].isupper() or "_" in attr or len(parts) >= 3 or name.startswith(("app.", "src.")) or attr in ("app", "main", "create_app"))


@record(frozen=True, slots=True)
class Found:
    """What a value names."""

    kind: RefKind
    identifier: str
    provider: str | None = None
    confidence: str = "high"
    revision: str | None = None


@functools.lru_cache(maxsize=65536)  # pure (its tables are per process) and Found is frozen: the same string is asked about often
def classify(value: str, hint: str = "generic", provider: str | None = None, *, explicit: bool = False) -> Found | None:
    """Classify ``value`` received by a slot of type ``hint``.

    hint: ``hf`` (a Hub loader), ``modelscope``, ``ollama``, ``api`` (an API client whose provider is ``provider``;
    ``explicit`` when it came from a base URL), ``litellm`` (``provider/model`` strings), ``dataset``, or ``generic``
    (a key or keyword that names a model but says nothing of its kind: only unambiguous shapes are accepted).
    """
    text = value.strip().strip("'\"")
    if not text or len(text) > 200 or any(c.isspace() for c in text) or text.startswith(("$", "{", "<", "%")):
        return None
    if BETA_HEADER.match(text) or module_attr(text):
        return None  # an Anthropic beta header (computer-use-2025-01-24), a ``module:Class`` import path
    if _NOT_AN_ID.fullmatch(text):
        return None  # a number (``gemini-embedding-001=3072`` in a dimensions table) or a keyword (``MODEL: default``)
    if ":" in text and text.partition(":")[0].lower() in _NOT_MODEL_KEYS:
        return None  # ``license:mit`` (a Hub search tag), ``localhost:5000`` (a server address)
    if "/" not in text and _CREDENTIAL_NAME.search(text):
        return None  # ``spark_api_key``, ``hunyuan_secret_id``: a credential field named after a provider, not a model
    if hint == "dataset":
        repo = hf_repo(text[len("datasets/"):] if text.startswith("datasets/") else text)
        return Found(RefKind.HF_DATASET, repo) if repo else None
    if hint == "torch-hub":
        return torch_hub_repo(text)
    if hint == "model-path":  # a runtime that loads a model file (onnxruntime.InferenceSession): a path or a URL
        if "://" in text:
            return remote_weights(text)
        path = local_model_path(text)
        return Found(RefKind.MODEL_FILE, path, confidence="medium") if path and is_model_file_name(path) else None
    if hint == "artifact-uri":  # MLflow model_uri: runs:/ and models:/ name the tracking server's own models
        return _from_url(text) or remote_weights(text, folder=True)
    if hint == "weights-url":  # a Hub URL names its repository (or nothing: a placeholder's), never a bare file
        hub = any(host in text.lower() for host in ("huggingface.co/", "hf.co/"))
        return _from_url(text) if hub else remote_weights(text)
    url = _from_url(text)
    if url is not None:
        return url
    if "://" in text and hint in ("generic", "artifact-uri"):  # MODEL_URI = "s3://bucket/churn/model.pkl"
        return remote_weights(text, folder=hint == "artifact-uri")
    for prefix in ("hf-hub:", "hf_hub:", "local:"):
        if text.startswith(prefix):
            repo = hf_repo(text[len(prefix):])
            if repo:
                return Found(RefKind.HF_MODEL, repo)
            path = local_model_path(text[len(prefix):])
            return Found(RefKind.MODEL_FILE, path) if path else None
    if hint == "replicate":  # owner/model[:version]: a model hosted (and run) by Replicate
        name = text.split(":", 1)[0]
        return Found(RefKind.API_MODEL, name, provider="replicate") if hf_repo(name) else None
    if hint in ("whisper", "faster-whisper"):
        named = whisper_repo(text, faster=hint == "faster-whisper")
        return Found(RefKind.HF_MODEL, named) if named else _hub(text, RefKind.HF_MODEL)
    if hint in ("hf", "modelscope"):
        return _hub(text, RefKind.HF_MODEL if hint == "hf" else RefKind.MODELSCOPE_MODEL)
    if hint in ("api", "litellm") and "/" not in text and is_model_file_name(text):
        path = local_model_path(text)  # a weights file handed to a local server (LocalAI, llama.cpp), whatever the provider
        return Found(RefKind.MODEL_FILE, path, confidence="medium") if path else None
    if hint == "ollama" or hint == "api" and provider == "ollama":
        return _ollama(text)
    if text.startswith("arn:aws") and ":foundation-model/" in text:  # Bedrock model ARN
        return Found(RefKind.API_MODEL, text.rsplit("/", 1)[-1], provider="bedrock")
    if hint == "gradio":  # gr.load("models/org/name"); spaces/... are apps, not models
        for prefix in ("models/", "huggingface/"):
            if text.startswith(prefix):
                return _hub(text[len(prefix):], RefKind.HF_MODEL)
        return None
    if _FIREWORKS_ID.match(text):
        return Found(RefKind.API_MODEL, text.removeprefix("fireworks_ai/"), provider="fireworks")
    if hint in ("api", "litellm", "generic") and "/" not in text and is_placeholder_name(text):
        # a test's stand-in in an API slot ("fake-model", "test-model", "deployment"): no service has it. An org/name
        # keeps the Hub rule (hf_repo): hf-internal-testing/dummy-gemma is a real repository
        return None
    hosted = hint == "api" and explicit and provider in HOSTING_PROVIDERS  # openrouter's deepseek/deepseek-r1 is its id
    prefixed = None if hosted else _prefixed(text, litellm=hint == "litellm")
    if prefixed is not None:
        return prefixed
    if hint == "api":
        return _api(text, provider, explicit)
    if hint == "litellm":
        return _api(text, None, False)
    return _generic(text)


# torch.hub's "owner/repo[:ref]" (hub._parse_repo_info): a GitHub owner (39 characters), a repository name, a branch,
# tag or commit. "./dir" or "/abs/dir" never match; a relative "a/b" does, as torch.hub itself reads it from GitHub.
_TORCH_HUB = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100})(?::([A-Za-z0-9._/-]{1,200}))?")


def torch_hub_repo(text: str) -> Found | None:
    """``owner/repo[:ref]`` as ``torch.hub.load`` reads it from GitHub, or None."""
    match = _TORCH_HUB.fullmatch(text)
    if match is None or match.group(2) in (".", ".."):
        return None
    return Found(RefKind.TORCH_HUB, f"{match.group(1)}/{match.group(2).removesuffix('.git')}", revision=match.group(3))


# The path keeps URL characters only (RFC 3986 pchar and "/"): no quote, angle bracket or backslash reaches a report
_PATH = r"/[\w.~!$&'()*+,;=:@%/-]{0,1000}"
_URL = re.compile(r"(https?)://(?:[^/@\s]{0,200}@)?([A-Za-z0-9.-]{1,253}(?::\d{1,5})?)(" + _PATH + r")(?:[?#]\S{0,2000})?")


_HUB_HOSTS = frozenset({"huggingface.co", "hf.co", "www.huggingface.co", "modelscope.cn", "www.modelscope.cn"})
# Object stores a model artifact is served from (KServe storageUri, MLflow model_uri, Spark/Hadoop paths): bucket or
# container (Azure's container@account), then the path.
_STORE = re.compile(r"(s3|s3a|gs|gcs|az|abfss?|wasbs?|oci)://([A-Za-z0-9._-]{1,255}(?:@[A-Za-z0-9.-]{1,253})?)"
                    r"(" + _PATH + r")?(?:[?#]\S{0,2000})?")


# A framework's model-zoo URI scheme that its path handler rewrites to a download URL by prefix alone (detectron2's
# ``MODEL.WEIGHTS: detectron2://ImageNetPretrained/MSRA/R-50.pkl``, in its own configs and every project built on it).
# Schemes that need the framework's name table (mmcv's ``open-mmlab://``, ``torchvision://``) are not rewritten.
_ZOO_SCHEMES = (("detectron2://", "https://dl.fbaipublicfiles.com/detectron2/"),)


def remote_weights(text: str, *, folder: bool = False) -> Found | None:
    """A weights file named by URL (its last path segment named like one): http(s) as ``scheme://host/path`` (user
    information, query and fragment dropped: they may hold tokens), or an object-store URI (``s3://bucket/...``,
    ``gs://``, Azure). With ``folder`` (a key or argument that only ever holds a model, like KServe's ``storageUri``),
    an object-store folder counts too. Anything else is None."""
    for scheme, prefix in _ZOO_SCHEMES:
        if text.startswith(scheme) and len(text) > len(scheme):
            text = prefix + text[len(scheme):]  # the URL the framework's path handler fetches
            break
    match = _URL.fullmatch(text)
    if match is not None:
        host = match.group(2).lower().split(":", 1)[0]
        if host in _HUB_HOSTS or host.endswith(".huggingface.co") or not is_model_file_name(match.group(3).rsplit("/", 1)[-1]):
            return None  # a Hub file URL names its repository (_from_url), not a file of its own
        return Found(RefKind.MODEL_FILE, f"{match.group(1)}://{match.group(2).lower()}{match.group(3)}", confidence="medium")
    match = _STORE.fullmatch(text)
    if match is None:
        return None
    path = (match.group(3) or "").rstrip("/")
    if not (is_model_file_name(path.rsplit("/", 1)[-1]) or folder and path):
        return None
    return Found(RefKind.MODEL_FILE, f"{match.group(1).lower()}://{match.group(2)}{path}", confidence="medium")


def hub_file_url(text: str) -> Found | None:
    """``https://huggingface.co/org/name/resolve/main/x.safetensors``: a weights file on the Hub, named by a URL whose
    path is a repository's file (``resolve``/``blob``) with a weights file's name. Unambiguous under any key or name,
    as a weights URL of another host is; it names the repository (a site page, a Space or a dataset file does not)."""
    match = _URL.fullmatch(text)
    if match is None or match.group(2).lower() not in _HUB_HOSTS:
        return None
    parts = match.group(3).split("/")  # "", org, name, resolve|blob, revision, ..., file
    if len(parts) < 6 or parts[3] not in ("resolve", "blob") or not is_model_file_name(parts[-1]):
        return None
    found = _from_url(text)
    return found if found is not None and found.kind is RefKind.HF_MODEL else None


def names_a_location(text: str) -> bool:
    """``https://host/x/RN50.pt``, ``ImageNetPretrained/MSRA/R-50.pkl``, ``137257644/model_final_721ade.pkl``: a value
    that is where a file is (a URL, a path deeper than ``org/name``, or a weights file's name), not a model id. A table
    mapping names to such values is keyed by labels (``{"ViT-B/32": "https://.../ViT-B-32.pt"}``)."""
    if len(text) > 2000 or any(c.isspace() for c in text):
        return False
    if "://" in text[:16]:
        return True
    return text.count("/") >= 2 or is_model_file_name(text.rsplit("/", 1)[-1])


_BARE_WORD = re.compile(r"[A-Za-z]{1,60}(?:_[A-Za-z]{1,60}){0,8}")


def family_name(text: str) -> bool:
    """``llama3.3``, ``gpt-oss``, ``llama-3.3-70b-versatile``: a name starting with a model family's word or matching a
    provider's model names (``q_proj``, ``c_attn``, ``default`` do not)."""
    return bool(_OTHER_FAMILY.match(text)) or provider_for_name(text) is not None


def route_like(repo: str) -> bool:
    """``history/list``, ``config/addModel``, ``train/loss``: a Hub-shaped string whose name is one bare word (letters
    and underscores: no digit, hyphen or dot, as nearly every model name has) under a namespace the registry does not
    know as a model publisher, naming no model family. Message types, API routes and metric keys have this shape; it
    is no evidence that a list or table around it lists models (a model slot still reads it)."""
    org, _, name = repo.partition("/")
    if not _BARE_WORD.fullmatch(name) or _OTHER_FAMILY.match(name) or provider_for_name(name) is not None:
        return False
    return not known_org(repo)


def _from_url(text: str) -> Found | None:
    lowered = text.lower()
    if not lowered.startswith(("http://", "https://", "hf.co/", "huggingface.co/", "hf://", "huggingface://", "ollama.com/")):
        return None
    for marker in ("huggingface.co/", "hf.co/", "hf://", "huggingface://"):
        at = lowered.find(marker)
        if at > 0 and lowered[at - 1] not in "/." or at > 0 and lowered[at - 1] == "." and not lowered[:at].endswith("://www."):
            # cdn-media.huggingface.co/frpc-gradio-0.2/..., cdn-lfs.hf.co/...: another host of the site (its CDN, its
            # Spaces), whose first path segments name no repository; only the Hub's own host (or www.) does
            return None
        if at >= 0:
            rest = text[at + len(marker):]
            if rest.startswith("datasets/"):
                repo = hf_repo("/".join(rest[len("datasets/"):].split("/")[:2]))
                return Found(RefKind.HF_DATASET, repo) if repo else None
            if rest.startswith(("spaces/", "docs/", "api/", "blog/", "learn/", "settings/", "papers/", "collections/",
                                "buckets/", "organizations/", "tasks/", "posts/")):
                return None  # site pages and Storage Buckets (huggingface.co/buckets/<org>/<bucket>): no model repo
            parts = rest.split("/")
            if len(parts) < 2:
                return None
            repo_text = "/".join(parts[:2])
            tag = ""
            if ":" in repo_text and lowered.startswith(("hf.co/", "huggingface.co/")):
                repo_text, _, tag = repo_text.partition(":")
            repo = hf_repo(repo_text)
            return Found(RefKind.HF_MODEL, repo) if repo else None
    if "ollama.com/library/" in lowered:
        return _ollama(text[lowered.index("ollama.com/library/") + len("ollama.com/library/"):])
    return None


def _hub(text: str, kind: RefKind) -> Found | None:
    text, revision = split_revision(text)
    repo = hf_repo(text)
    if repo is not None:
        return Found(kind, repo, revision=revision)
    if text in LEGACY_IDS:
        return Found(kind, LEGACY_IDS[text], revision=revision)
    path = local_model_path(text)
    return Found(RefKind.MODEL_FILE, path, confidence="medium") if path else None


def _ollama(text: str) -> Found | None:
    lowered = text.lower()
    if lowered.startswith(("hf.co/", "huggingface.co/")):
        repo = hf_repo("/".join(_QUANT_SUFFIX.sub("", text.split("/", 1)[1]).split(":")[0].split("/")[:2]))
        return Found(RefKind.HF_MODEL, repo) if repo else None
    for prefix in ("ollama/", "ollama_chat/", "ollama:"):
        if lowered.startswith(prefix):
            text = text[len(prefix):]
    if not OLLAMA_TAG.match(text) or "." in text.split("/")[0] and "/" in text or is_placeholder_name(text):
        return None
    return Found(RefKind.OLLAMA, text if ":" in text else f"{text}:latest")


def _prefixed(text: str, *, litellm: bool) -> Found | None:
    """``provider/model`` (litellm, dspy, crewai) and ``provider:model`` (pydantic-ai, init_chat_model)."""
    head, sep, rest = text.partition(":")
    if sep and head.lower() in _OLLAMA_LIBRARY_PREFIXES and provider_for_name(rest) != COLON_PREFIXES[head.lower()]:
        # ``mistral:7b``, ``mistral:latest``: the Ollama library's Mistral, not Mistral's API asked for a model "7b"
        # (pydantic-ai's ``mistral:`` names an API model, ``mistral:mistral-large-latest``)
        return _ollama(text)
    if sep and head.lower() in COLON_PREFIXES and rest and "/" not in head:
        api, colon, after = rest.partition(":")  # promptfoo's provider:api:model (openai:chat:gpt-4o, ollama:chat:llama3:8b)
        if colon and after and api in _API_SEGMENTS:
            rest = after
        return _with_provider(COLON_PREFIXES[head.lower()], rest)
    head, sep, rest = text.partition("/")
    key = head.lower()
    if litellm and head == "litellm" and rest:  # crewAI's LLM("litellm/<model>"): the model routed through litellm
        return _prefixed(rest, litellm=True) or _api(rest, None, False)
    if not sep or key not in LITELLM_PREFIXES or not rest or head != key and not litellm and key not in AMBIGUOUS_PREFIXES:
        # litellm names providers in lower case; elsewhere ``ZhipuAI/GLM-ASR-Nano-2512`` and
        # ``DeepSeek/...`` are Hub/ModelScope organisations (an ambiguous prefix goes on to its own check)
        return None
    provider = LITELLM_PREFIXES[key]
    served = _compatible(rest) if key == "openai" else None
    if served is not None:
        # litellm's openai/<name> is any OpenAI-compatible server (vLLM, LM Studio...) serving <name>: OpenAI puts no
        # Qwen or Llama on the Hub, and prompts go where the base URL points (unknown here), not to OpenAI
        return Found(RefKind.API_MODEL, served, provider="openai-compatible", confidence="medium")
    if key in AMBIGUOUS_PREFIXES and not litellm:
        # openai/whisper-large-v3 is a Hub repo; openai/gpt-4o is litellm's spelling of an API model; openai/gpt-oss-20b
        # (the developer's open weights, named like its API models) is its Hub repo outside a litellm slot
        if provider_for_name(rest, builtin_only=True) is None or _open_weights(rest):
            return None
    return _with_provider(provider, rest)


def _compatible(rest: str) -> str | None:
    """The model an OpenAI-compatible server is asked for in ``openai/<rest>``, when it is not OpenAI's: a Hub id
    (``openai/meta-llama/Llama-3-70b``, dspy's ``openai/arbor:Qwen/...`` and ``openai/local:org/name``) or a name of
    another developer's family (``openai/Qwen2.5-Coder-32B-Instruct``); None for OpenAI's own names and Hub repos."""
    scheme, colon, after = rest.partition(":")
    if colon and scheme.isidentifier() and len(scheme) <= 30 and "/" not in scheme and hf_repo(after):
        rest = after
    if provider_for_name(rest) == "openai":
        return None
    if "/" in rest:  # (openai/openai/x: a prefix added twice by string building, not a Hub id)
        return rest if hf_repo(rest) and rest.split("/", 1)[0].lower() not in LITELLM_PREFIXES else None
    return rest if _OTHER_FAMILY.match(rest) else None


def _with_provider(provider: str, rest: str) -> Found | None:
    if provider == "ollama":
        return _ollama(rest)
    if provider == "huggingface":
        repo = hf_repo(rest)
        return Found(RefKind.HF_MODEL, repo) if repo else None
    if provider == "self-hosted":
        repo = hf_repo(rest)
        return Found(RefKind.HF_MODEL, repo) if repo else None
    if not _BARE_NAME.match(rest.replace("/", "-").replace(":", "-")):
        return None
    return Found(RefKind.API_MODEL, rest, provider=provider)


_CONSTANT_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def _api(text: str, provider: str | None, explicit: bool) -> Found | None:
    if text.startswith("models/"):
        text = text[len("models/"):]
    if _DATA_FILE.search(text) and "/" not in text:
        return None  # MistralTokenizer.from_file("tekken.json"): a tokenizer file, not a Mistral API model
    by_name = provider_for_name(text)
    repo = hf_repo(text)
    if repo is not None:
        if provider in HOSTING_PROVIDERS:
            return Found(RefKind.API_MODEL, text, provider=provider)
        if provider is None or provider == "self-hosted" or not explicit:
            return Found(RefKind.HF_MODEL, repo, confidence="medium")
        return Found(RefKind.API_MODEL, text, provider=provider)
    if not _BARE_NAME.match(text) or is_pathy(text):
        return None
    if _CONSTANT_NAME.fullmatch(text):
        return None  # OPENAI_MODEL, GPT_4: the name of an environment variable or a constant, no service's model id
    if provider == "self-hosted":
        if _OTHER_FAMILY.match(text) and not is_placeholder_name(text):
            # a local server asked for ``glm-4v`` or ``Qwen2.5-7B-Instruct`` serves that family's weights, whatever
            # the server: an OpenAI-compatible model, as litellm's ``openai/<name>`` (the id is rarely written elsewhere)
            return Found(RefKind.API_MODEL, text, provider="openai-compatible", confidence="medium")
        return None  # a served-model alias (``chat``, ``my-alias``): what it serves is named elsewhere
    if provider is not None and (explicit or by_name is None or by_name == provider):
        if not explicit and by_name is None and provider == "openai":
            # the OpenAI SDK without a base URL in sight often talks to a compatible server (OPENAI_BASE_URL)
            return Found(RefKind.API_MODEL, text, provider=None, confidence="low")
        return Found(RefKind.API_MODEL, text, provider=provider, confidence="high" if explicit or by_name else "medium")
    if by_name is not None:
        return Found(RefKind.API_MODEL, text, provider=by_name)
    return None


def _open_weights(name: str) -> bool:
    """``gpt-oss-20b``: a name an API developer's patterns match that names weights it publishes on the Hub."""
    return name.lower().startswith("gpt-oss")


def _closed_api_name(name: str) -> bool:
    """``gpt-4o``, ``claude-3-5-sonnet-...``, ``gemini-1.5-pro``: served only by their developer's API, never an Ollama
    library name (``gpt-4o:latest`` is a value built for an ``ollama/`` branch the code did not take)."""
    return provider_for_name(name) in ("openai", "anthropic", "google") and not _open_weights(name)


def _generic(text: str) -> Found | None:
    """Accept only shapes that are unambiguous on their own."""
    text, revision = split_revision(text)
    repo = hf_repo(text)
    if repo is not None:
        return Found(RefKind.HF_MODEL, repo, confidence="medium", revision=revision)
    if text in LEGACY_IDS:
        return Found(RefKind.HF_MODEL, LEGACY_IDS[text], confidence="medium")
    if is_model_file_name(text) and "/" not in text:  # GLM-4-9B-0414-Q2_K.gguf: a weights file, whatever family it names
        path = local_model_path(text)
        return Found(RefKind.MODEL_FILE, path, confidence="medium") if path else None
    by_name = provider_for_name(text)
    if by_name is not None and _BARE_NAME.match(text) and _QUANT_NAME.search(text) and not is_placeholder_name(text):
        # quantised weights a local server serves under the family's name: that family's model, not its API
        return Found(RefKind.API_MODEL, text, provider="openai-compatible", confidence="medium")
    if by_name is not None and _BARE_NAME.match(text) and not _OLLAMA_SIZE_TAG.search(text) and text.lower() not in _WORD_NAMES:
        return Found(RefKind.API_MODEL, text, provider=by_name, confidence="medium")
    if ":" in text and "/" not in text and OLLAMA_TAG.match(text) and not is_placeholder_name(text) \
            and text.partition(":")[0] not in _URI_SCHEMES:
        name, _, tag = text.partition(":")
        if any(c.isalpha() for c in name) and not name.isdigit() and tag and not _SCRIPT_TAG.search(tag) \
                and not _closed_api_name(name):
            return Found(RefKind.OLLAMA, text, confidence="medium")
    if is_model_file_name(text):
        path = local_model_path(text)
        return Found(RefKind.MODEL_FILE, path, confidence="medium") if path else None
    return None
