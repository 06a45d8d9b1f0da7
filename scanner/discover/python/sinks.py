"""Which Python calls receive a model id, in which argument, and what kind of id it is (data, not code paths)."""

from __future__ import annotations

import functools

from ...records import record
from ..providers import SDK_PROVIDERS, WRAPPER_PROVIDERS


@record(frozen=True, slots=True)
class Sink:
    """A call argument that receives a model (or dataset) id; ``hint`` is passed to ``classify``."""

    hint: str  # hf, modelscope, ollama, api, litellm, dataset, hf-hub-only, generic
    keywords: tuple[str, ...]
    position: int | None = 0
    provider: str | None = None
    name: str = ""


HF_KW = ("pretrained_model_name_or_path", "model_name_or_path", "model_id", "model_name", "repo_id",
         "pretrained_model_or_path", "pretrained_model_link_or_path", "model")
HUB_FUNCS = frozenset({"hf_hub_download", "snapshot_download", "hf_hub_url", "model_info", "list_repo_files",
                       "try_to_load_from_cache", "cached_download", "repo_info", "list_repo_refs", "get_hf_file_metadata"})
ST_CLASSES = frozenset({"SentenceTransformer", "CrossEncoder", "SparseEncoder"})
HF_WRAPPERS: dict[str, tuple[tuple[str, ...], int | None]] = {
    "HuggingFaceEmbeddings": (("model_name", "model"), None), "HuggingFaceBgeEmbeddings": (("model_name",), None),
    "HuggingFaceInstructEmbeddings": (("model_name",), None), "HuggingFaceEmbedding": (("model_name",), 0),
    "HuggingFaceLLM": (("model_name", "tokenizer_name"), None), "HuggingFaceEndpoint": (("repo_id", "model"), None),
    "HuggingFaceInferenceAPI": (("model_name",), None), "HuggingFaceInferenceAPIEmbedding": (("model_name",), None),
    "HuggingFaceEndpointEmbeddings": (("model", "repo_id"), None), "from_model_id": (("model_id",), None),
    "ChatHuggingFace": (("model_id",), None), "TransformersModel": (("model_id",), 0), "HfApiModel": (("model_id",), 0),
    "InferenceClientModel": (("model_id",), 0), "InferenceClient": (("model",), 0), "AsyncInferenceClient": (("model",), 0),
    "TextEmbeddingsInference": (("model_name",), None), "FastEmbedEmbeddings": (("model_name",), None),
    "FastEmbedEmbedding": (("model_name",), None), "resolve_embed_model": (("embed_model",), 0),
    "HuggingFacePipeline": (("model_id",), None), "OptimumEmbedding": (("folder_name",), None),
    "VLLM": (("model",), None), "VllmServer": (("model",), None), "SentenceTransformerEmbeddings": (("model_name",), None),
}
# Calls that download (and for the first two, unpickle) a file from a URL: callee -> (URL keyword, position)
WEIGHT_DOWNLOADS: dict[str, tuple[str, int | None]] = {
    "torch.hub.load_state_dict_from_url": ("url", 0), "torch.utils.model_zoo.load_url": ("url", 0),
    "torch.hub.download_url_to_file": ("url", 0), "urllib.request.urlretrieve": ("url", 0), "wget.download": ("url", 0),
    "tensorflow.keras.utils.get_file": ("origin", 1), "keras.utils.get_file": ("origin", 1),
}
# Download helpers known by their own name, wherever they are imported from (basicsr's, facexlib's and the web UIs'
# ``load_file_from_url(url, model_dir=...)``, torchvision's copy of ``load_state_dict_from_url``, a project's own
# wrapper of the same name): the URL is a weights file (the hint only reads a weights file's or a Hub file's URL)
WEIGHT_DOWNLOAD_NAMES: dict[str, tuple[str, int | None]] = {
    "load_file_from_url": ("url", 0), "load_state_dict_from_url": ("url", 0), "download_url_to_file": ("url", 0),
}
TORCH_HUB_FUNCS = frozenset({"load", "list", "help"})  # each one imports the repository's hubconf.py
OLLAMA_FUNCS = frozenset({"chat", "generate", "embed", "embeddings", "pull", "show", "push", "copy", "delete"})
OLLAMA_WRAPPERS = frozenset({"ChatOllama", "OllamaLLM", "OllamaEmbeddings", "Ollama", "OllamaEmbedding", "OllamaFunctions", "OllamaModel"})
LITELLM_FUNCS = frozenset({"completion", "acompletion", "embedding", "aembedding", "text_completion", "image_generation",
                           "transcription", "speech", "rerank", "arerank", "atext_completion", "responses", "aresponses"})
LITELLM_CLASSES = frozenset({"LiteLLMModel", "ChatLiteLLM", "LiteLLM", "LiteLLMEmbedding"})
GENERIC_KW = ("model", "model_name", "model_id", "model_name_or_path", "pretrained_model_name_or_path", "repo_id",
              "embed_model", "embedding_model", "embedding_model_name", "llm_model", "base_model", "base_model_name_or_path",
              "reranker_model", "rerank_model", "tokenizer_name", "model_path", "teacher_model", "reward_model", "ref_model",
              "judge_model", "draft_model", "speculative_model", "vision_model", "chat_model", "llm", "hf_id", "hf_repo",
              "hf_model_id", "ai_model_id", "modelId", "azure_deployment", "deployment_name",
              "pretrained")  # lm-eval's HFLM(pretrained="org/name"), VLLM(pretrained=...); pretrained=True names nothing


# Calls that write to the Hub or disk: the repo they name is an output, not a dependency.
OUTPUT_CALLS = frozenset({"upload_folder", "upload_file", "create_repo", "push_to_hub", "delete_repo", "create_commit",
                          "save_pretrained", "save_model", "update_repo_visibility", "create_branch", "create_tag",
                          "upload_large_folder", "delete_file", "move_repo", "duplicate_space", "save", "export"})


@functools.lru_cache(maxsize=16384)  # pure, and Sink is frozen: one answer per callee spelling
def find_sink(qualname: str, ctor_module: str | None) -> Sink | None:
    """The sink for a call whose callee resolves to ``qualname`` (``transformers.AutoModel.from_pretrained``).

    ``ctor_module`` is the module of the client object the method is called on, if any (``openai``).
    """
    parts = qualname.replace("()", "").split(".")
    last = parts[-1]
    root = parts[0]
    module = ".".join(parts[:2])
    if last == "from_pretrained":
        if root == "modelscope":
            return Sink("modelscope", HF_KW, 0, name=last)
        if any(p in ("PeftModel", "PeftModelForCausalLM", "PeftModelForSeq2SeqLM", "PeftMixedModel") for p in parts):
            return Sink("hf", ("model_id",), 1, name="PeftModel.from_pretrained")
        return Sink("hf", HF_KW, 0, name=last)
    if last == "LoRARequest":  # vllm LoRARequest(name, int_id, path): the adapter repo or folder
        return Sink("hf", ("lora_path", "lora_local_path"), 2, name=last)
    if last == "from_hparams":  # speechbrain: source= is a Hub repo or a local folder
        return Sink("hf", ("source",), 0, name=last)
    if last in ("from_single_file", "load_lora_weights", "load_ip_adapter", "load_textual_inversion"):
        return Sink("hf", ("pretrained_model_link_or_path", "pretrained_model_name_or_path_or_dict"), 0, name=last)
    if last in ST_CLASSES:
        return Sink("hf", ("model_name_or_path", "model_name"), 0, name=last)
    if last == "pipeline" and root in ("transformers", "modelscope"):
        return Sink("modelscope" if root == "modelscope" else "hf", ("model",), 1, name="pipeline")
    if last == "pipeline" and "." in qualname and "()" not in qualname:  # lmdeploy.pipeline("org/name"): unambiguous shapes only
        return Sink("generic", ("model", "model_path"), 0, name=f"{root}.pipeline")
    if last == "from_preset":  # keras_hub ...from_preset("hf://org/name"); built-in preset names are not Hub repos
        return Sink("hf-uri", ("preset",), 0, name=last)
    if ".models." in f".{qualname}" and len(parts) > 2 and "()" not in qualname and last not in OUTPUT_CALLS and root != "django":
        # outlines.models.transformers("org/name"), guidance.models.OpenAI("gpt-4o-mini"): a model factory of a library
        return Sink("generic", ("model", "model_name", "model_id", "name", "pretrained"), 0, provider=class_provider(last), name=last)
    if last in HUB_FUNCS and root in ("huggingface_hub", "modelscope", "HfApi", "api"):
        return Sink("modelscope" if root == "modelscope" else "hf", ("repo_id", "model_id"), 0, name=last)
    if last in HUB_FUNCS and root not in ("transformers",) and "." not in qualname:
        return Sink("hf", ("repo_id",), 0, name=last)
    if last == "load_dataset":
        return Sink("dataset", ("path",), 0, name=last)
    if root == "mlflow" and last in ("load_model", "download_artifacts") and "()" not in qualname:
        return Sink("artifact-uri", ("model_uri", "artifact_uri"), 0, name=f"mlflow.{last}")
    if root == "onnxruntime" and last == "InferenceSession":  # InferenceSession("models/x.onnx"): a model file
        return Sink("model-path", ("path_or_bytes",), 0, name="onnxruntime.InferenceSession")
    if qualname in WEIGHT_DOWNLOADS:  # a weights file fetched at run time: the URL is the dependency
        keyword, position = WEIGHT_DOWNLOADS[qualname]
        return Sink("weights-url", (keyword,), position, name=qualname)
    if last in WEIGHT_DOWNLOAD_NAMES and "()" not in qualname:
        keyword, position = WEIGHT_DOWNLOAD_NAMES[last]
        return Sink("weights-url", (keyword,), position, name=last)
    if root == "torch" and len(parts) == 3 and parts[1] == "hub" and last in TORCH_HUB_FUNCS:
        # torch.hub.load("owner/repo[:ref]", "entrypoint"): imports the repository's hubconf.py (code from GitHub)
        return Sink("torch-hub", ("repo_or_dir", "github"), 0, name=f"torch.hub.{last}")
    if root == "funasr" and last == "AutoModel":  # FunASR downloads from ModelScope unless hub="hf" (read by the detector)
        return Sink("modelscope", ("model", "vad_model", "punc_model", "spk_model"), None, name="funasr.AutoModel")
    if last in ("create_model", "create_model_and_transforms", "create_model_from_pretrained", "get_tokenizer") and root in ("timm", "open_clip"):
        return Sink("hf-hub-only", ("model_name",), 0, name=f"{root}.{last}")
    if root == "vllm" and last in ("LLM", "AsyncEngineArgs", "EngineArgs", "AsyncLLMEngine"):
        return Sink("hf", ("model",), 0 if last == "LLM" else None, name="vllm.LLM")
    if root == "llama_cpp" and last == "Llama":
        return Sink("hf", ("model_path",), None, name="llama_cpp.Llama")
    if root == "txtai" and "()" not in qualname and last[:1].isupper():
        # txtai.Embeddings(path=...), txtai.pipeline.Summary("org/name"): the constructor's path is a Hub repo or a folder
        return Sink("hf", ("path",), None if last == "Embeddings" else 0, name=f"txtai.{last}")
    if root in ("mlx_lm", "mlx_vlm") and last in ("load", "convert"):
        return Sink("hf", ("path_or_hf_repo", "hf_path"), 0, name=f"{root}.{last}")
    if root == "ollama":
        if last == "create":
            return Sink("ollama", ("from_",), None, name="ollama.create")
        if last in OLLAMA_FUNCS:
            return Sink("ollama", ("model",), 0, name=f"ollama.{last}")
        return None
    if last in OLLAMA_WRAPPERS and root != "ollama":
        return Sink("ollama", ("model", "model_name"), None, name=last)
    if last in HF_WRAPPERS:
        keywords, position = HF_WRAPPERS[last]
        return Sink("hf", keywords, position, name=last)
    if root == "litellm" and last in LITELLM_FUNCS or last in LITELLM_CLASSES:
        return Sink("litellm", ("model", "model_id", "model_name"), 0 if last in LITELLM_FUNCS else None, name=last)
    if root == "dspy" and last in ("LM", "LLM"):
        return Sink("litellm", ("model",), 0, name="dspy.LM")
    if root == "crewai" and last == "LLM":
        return Sink("litellm", ("model",), 0, name="crewai.LLM")
    if root == "pydantic_ai" and last == "Agent":
        return Sink("litellm", ("model",), 0, name="pydantic_ai.Agent")
    if last == "init_chat_model" or root == "instructor" and last == "from_provider":
        return Sink("litellm", ("model",), 0, name=last)
    if root == "pydantic_ai" and last.endswith("Model") and len(parts) > 2:
        # pydantic_ai.models.openai.OpenAIModel("name", provider=...): the class names the API, provider= may move it
        return Sink("api", ("model_name", "model"), 0, provider=class_provider(last), name=last)
    if last in BEDROCK_CALLS and (root in ("boto3", "aioboto3", "botocore") or (ctor_module or "").startswith(("boto3", "aioboto3"))):
        return Sink("api", ("modelId", "modelArn"), None, provider="bedrock", name=f"bedrock.{last}")
    if root == "gradio" and last in ("load", "load_chat"):
        return Sink("gradio", ("name",), 0, name="gradio.load")
    if root == "replicate" and last in ("run", "async_run", "stream", "async_stream", "use"):
        return Sink("replicate", ("ref", "model", "version"), 0, provider="replicate", name=f"replicate.{last}")
    if root == "ultralytics" and last in ("YOLO", "YOLOWorld", "YOLOE", "RTDETR", "SAM", "FastSAM", "NAS"):
        return Sink("generic", ("model",), 0, name=f"ultralytics.{last}")  # weights file or hub id
    if root in ("whisper", "faster_whisper", "whisperx") and last in ("load_model", "WhisperModel"):
        return Sink("faster-whisper" if root != "whisper" else "whisper", ("name", "model_size_or_path", "whisper_arch"), 0,
                    name=f"{root}.{last}")
    if last == "OpenAIServerModel":
        return Sink("api", ("model_id",), 0, provider="openai", name=last)
    if last in ("OpenAI", "OpenAILike", "AzureOpenAI", "OpenAIChat") and root not in ("openai",):
        return Sink("api", ("model", "model_name", "engine"), None, provider=None if last == "OpenAILike" else "openai", name=last)
    if last in WRAPPER_PROVIDERS and root not in SDK_PROVIDERS and module not in SDK_PROVIDERS:
        return Sink("api", ("model", "model_name", "deployment_name", "azure_deployment", "deployment_id", "ai_model_id", "model_id"),
                    0 if last == "GenerativeModel" else None,
                    provider=WRAPPER_PROVIDERS[last], name=last)
    if last == "GenerativeModel":
        return Sink("api", ("model_name", "model"), 0, provider="google", name=last)
    if root == "dashscope" and last == "call":
        return Sink("api", ("model",), None, provider="dashscope", name="dashscope.call")
    provider = _sdk_provider(module) or _sdk_provider(root) or (ctor_module and (_sdk_provider(ctor_module)))
    if provider:
        return Sink("api", ("model", "model_name"), None, provider=provider, name=f"{provider} client")
    return None


BEDROCK_CALLS = frozenset({"converse", "converse_stream", "invoke_model", "invoke_model_with_response_stream", "apply_guardrail"})


def class_provider(name: str) -> str | None:
    """``AnthropicModel`` -> anthropic, ``OpenAIChatModel`` -> openai (None when the class names no provider)."""
    lowered = name.lower()
    for word, provider in (("openai", "openai"), ("anthropic", "anthropic"), ("gemini", "google"), ("google", "google"),
                           ("groq", "groq"), ("mistral", "mistral"), ("cohere", "cohere"), ("bedrock", "bedrock"),
                           ("huggingface", "huggingface")):
        if lowered.startswith(word):
            return provider
    return None


def _sdk_provider(module: str | None) -> str | None:
    if not module:
        return None
    if module in SDK_PROVIDERS:
        return SDK_PROVIDERS[module]
    head = module.split(".")[0]
    return SDK_PROVIDERS.get(head) if head not in ("google",) else None
