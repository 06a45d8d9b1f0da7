"""Shapes of model identifiers: what a Hugging Face repo id, an Ollama tag or a model file name looks like."""

from __future__ import annotations

import re

# A Hub repo id: namespace/name, each 1-96 of [A-Za-z0-9._-], not starting or ending with '.' or '-'.
HF_ID = re.compile(r"^(?P<org>[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?)/(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?)$")
OLLAMA_TAG = re.compile(r"^(?:(?P<ns>[a-z0-9][a-z0-9._-]*)/)?(?P<name>[a-z0-9][a-z0-9._-]*)(?::(?P<tag>[A-Za-z0-9][A-Za-z0-9._-]*))?$")
MODEL_FILE_SUFFIXES = (
    ".safetensors", ".gguf", ".ggml", ".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".onnx", ".h5",
    ".keras", ".joblib", ".npy", ".npz", ".tflite", ".mlmodel", ".pb", ".llamafile",
)
_PATHY_ORGS = frozenset({
    "models", "model", "data", "outputs", "output", "checkpoints", "ckpt", "tmp", "src", "home", "mnt", "opt", "var", "usr",
    "runs", "weights", "cache", "logs", "results", "save", "saved_models", "artifacts", "bin", "lib",
    "work_dirs", "work_dir", "workdir", "ckpts", "checkpoint", "exps", "experiments", "pretrained_models",
    "pretrained_weights", "trained_models", "model_zoo",  # training frameworks' output folders (mmcv's work_dirs/...)
})
# ``mlx_models/tiny_fp16``, ``my_checkpoints/run1``: a snake_case folder named for what it stores, as the listed
# ``saved_models`` and ``pretrained_weights`` (the Hub gives a new namespace letters, digits and dashes only)
_FOLDER_ORG = re.compile(r"(?i)[a-z0-9]{1,40}(?:_[a-z0-9]{1,40}){0,4}_(?:models|checkpoints|ckpts|weights|outputs|runs)")
# A training run's checkpoint folder (``--model_path run1/epoch_0``, ``out/checkpoint-500``), not a Hub repo's name.
_CHECKPOINT_NAME = re.compile(r"^(?:checkpoint|ckpt|epoch|step|global_step|iter|iteration)[-_]?\d+$", re.I)


# Names of files, never of a Hub repo: OpenVINO's ``openvino/openvino_model.xml`` handed over as ``file_name``,
# ``images/pipeline.png`` and ``asr/models.rst`` in notebooks and docs, ``bin/ds_report.bat`` in a setup.py,
# ``kernels/flash_api.cu`` in a build script's list of kernel sources
_FILE_SUFFIXES = (".py", ".json", ".yaml", ".yml", ".txt", ".csv", ".jsonl", ".parquet", ".md", ".xml", ".tsv", ".rst",
                  ".html", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".wav", ".mp3", ".mp4", ".sh", ".bat",
                  ".zip", ".tar", ".gz", ".tgz", ".cu", ".cuh", ".h", ".hpp", ".cc", ".metal")


def split_revision(identifier: str) -> tuple[str, str | None]:
    """``org/name@rev`` -> (``org/name``, ``rev``)."""
    if "@" in identifier:
        base, _, rev = identifier.partition("@")
        return base, rev or None
    return identifier, None


_AUTO_MAP_CODE = re.compile(r"--[A-Za-z_]\w{0,100}(?:\.[A-Za-z_]\w{0,100}){1,10}$")
_MIME_TYPES = frozenset({"application", "audio", "image", "video", "text", "multipart", "font", "message"})


def normalise_hf(value: str) -> str | None:
    """Return the Hub repo id in ``value`` (strips hf.co URLs and ``hf://``), or None if it is not one."""
    text = value.strip()
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "https://hf.co/", "hf://", "huggingface://", "hf.co/",
                   "huggingface.co/", "hf-hub:"):  # huggingface://org/name/file.gguf: LocalAI's URI scheme
        if text.startswith(prefix):
            text = text[len(prefix):]
            if text.startswith(("datasets/", "spaces/", "buckets/")):
                return None  # (huggingface.co/buckets/<org>/<bucket>: a Storage Bucket, not a repository)
            text = "/".join(text.split("/")[:2])
            break
    text, _ = split_revision(text)
    if "--" in text and _AUTO_MAP_CODE.search(text):
        text = text[:text.index("--")]  # config.json auto_map "org/repo--modeling_x.Class": code from org/repo
    if not HF_ID.match(text):
        return None
    org, name = text.split("/")
    if org.lower() in _MIME_TYPES:
        return None  # image/png, application/pdf: a media type
    if org.lower() == "api":
        return None  # api/show, api/embeddings: a route; the Hub's own /api/ route means no account can be named "api"
    if org.lower() in _PATHY_ORGS or _FOLDER_ORG.fullmatch(org) or name.lower().endswith(MODEL_FILE_SUFFIXES + _FILE_SUFFIXES) or _CHECKPOINT_NAME.match(name):
        return None
    if org.startswith(".") or ".." in text:
        return None
    if _IPV4.fullmatch(org) or org.lower() == "mozilla" and _VERSION.fullmatch(name):
        # ``10.0.0.0/8`` (a CIDR block in an allow/deny list) and ``Mozilla/5.0`` (a User-Agent product token): a Hub
        # namespace has no dots-only-digits form, and the Mozilla organisation has no repository named by a version
        return None
    return text


_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_VERSION = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,2}")


def looks_like_hf_id(value: str) -> bool:
    return normalise_hf(value) is not None


def normalise_ollama(value: str) -> str | None:
    """Return ``name:tag`` (``latest`` when no tag) for an Ollama library reference, or None."""
    text = value.strip()
    for prefix in ("ollama://", "ollama/", "ollama_chat/"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    m = OLLAMA_TAG.match(text)
    if not m:
        return None
    name = text if m.group("tag") else f"{text}:latest"
    return name


def is_model_file_name(value: str) -> bool:
    return value.lower().endswith(MODEL_FILE_SUFFIXES)


# Checkpoints the Hub still serves under their pre-2023 bare names; the Hub now names them org/name.
LEGACY_IDS = {
    "gpt2": "openai-community/gpt2", "gpt2-medium": "openai-community/gpt2-medium",
    "gpt2-large": "openai-community/gpt2-large", "gpt2-xl": "openai-community/gpt2-xl",
    "distilgpt2": "distilbert/distilgpt2", "openai-gpt": "openai-community/openai-gpt",
    "bert-base-uncased": "google-bert/bert-base-uncased", "bert-base-cased": "google-bert/bert-base-cased",
    "bert-large-uncased": "google-bert/bert-large-uncased", "bert-large-cased": "google-bert/bert-large-cased",
    "bert-base-multilingual-cased": "google-bert/bert-base-multilingual-cased",
    "bert-base-multilingual-uncased": "google-bert/bert-base-multilingual-uncased",
    "bert-base-chinese": "google-bert/bert-base-chinese",
    "distilbert-base-uncased": "distilbert/distilbert-base-uncased", "distilbert-base-cased": "distilbert/distilbert-base-cased",
    "distilbert-base-uncased-finetuned-sst-2-english": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "roberta-base": "FacebookAI/roberta-base", "roberta-large": "FacebookAI/roberta-large",
    "xlm-roberta-base": "FacebookAI/xlm-roberta-base", "xlm-roberta-large": "FacebookAI/xlm-roberta-large",
    "t5-small": "google-t5/t5-small", "t5-base": "google-t5/t5-base", "t5-large": "google-t5/t5-large",
    "t5-3b": "google-t5/t5-3b", "t5-11b": "google-t5/t5-11b", "albert-base-v2": "albert/albert-base-v2",
    "albert-large-v2": "albert/albert-large-v2", "xlnet-base-cased": "xlnet/xlnet-base-cased",
    "ctrl": "Salesforce/ctrl", "camembert-base": "almanach/camembert-base",
    "distilroberta-base": "distilbert/distilroberta-base", "bart-large": "facebook/bart-large",
}
# Strings used as stand-ins in docs and tests: never a real repository.
PLACEHOLDER_PARTS = frozenset({
    "org", "organization", "user", "username", "your-username", "your_username", "your-org", "your_org", "my-org",
    "myorg", "my_org", "my-username", "foo", "bar", "baz", "dummy", "fake", "example", "some-org",
    "some-model",
    "my-model", "my_model", "model", "repo", "name", "xxx", "your-model", "model-name", "model_name", "org-name",
    "your-name", "namespace", "owner", "test-org", "test-model", "user-name", "repo-name", "repo_id", "model-id",
    "model_id", "<org>", "<model>", "abc", "something", "modelid", "deployment", "deployment-name", "deployment_name",
    "deploymentname", "my-deployment", "your-deployment",
    # HF_USER = "your_hf_username" in a quickstart notebook, then f"{HF_USER}/{DATASET_NAME}" (lerobot)
    "your_hf_username", "your-hf-username", "hf_username", "hf-username", "your_hf_user", "your-hf-user", "your_hf_org",
    "your-hf-org",
})
_DOMAIN_ORG = re.compile(r"\.(io|com|org|net|ai|dev|cn|co|app|cloud|sh)$", re.I)


_PLACEHOLDER_WORDS = frozenset({"dummy", "dum", "fake", "mock", "placeholder", "mymodel", "foo", "bar", "baz", "example", "nonexistent",
                                "invalid", "unknown", "your", "yourmodel", "test", "testing", "sample"})


def is_placeholder_name(name: str) -> bool:
    """``dummy``, ``my-model``, ``fake-model:latest``: stand-ins used in tests and docs, in any id scheme."""
    base = name.split(":", 1)[0].split("/")[-1].lower()
    words = re.split(r"[-_.]", base)
    return base in PLACEHOLDER_PARTS or words[0] in _PLACEHOLDER_WORDS or base in ("my-model", "my_model", "some-model") \
        or (len(words) > 1 and all(w in _GENERIC_WORDS for w in words) and not _SLOT_WORDS.isdisjoint(words))


# Words that say what a value is, not which one: a name made of them only ("embeddings-model-name", "chat-model-id",
# "model-embedding") is a stand-in, no service's model (every real id adds a family, a size or a version)
_GENERIC_WORDS = frozenset({"model", "models", "name", "id", "embedding", "embeddings", "embed", "chat", "completion",
                            "completions", "llm", "default", "custom", "deployment", "my", "some", "the", "a", "new"})
_SLOT_WORDS = frozenset({"model", "models", "name", "id", "deployment", "llm"})


def hf_repo(value: str) -> str | None:
    """A Hub repo id in ``value`` that is neither a placeholder nor a domain-qualified key (``nvidia.com/gpu``)."""
    repo = normalise_hf(value)
    if repo is None:
        return None
    if repo.lower() in _SLASHED_WORDS or _RATE_LIMIT.match(repo):
        return None  # "n/a" for a missing value (a repo's star count), "and/or", "w/o": words, not repos; "30/minute": a rate
    org, name = repo.split("/")
    if org.lower() in PLACEHOLDER_PARTS or name.lower() in PLACEHOLDER_PARTS or _DOMAIN_ORG.search(org):
        return None
    if _stand_in(org) and _stand_in(name):
        return None  # test/partial, model1/test, concurrent/read-test: fixtures of cache and download tests
    return repo


_SLASHED_WORDS = frozenset({"n/a", "n/d", "w/o", "i/o", "y/n", "r/w", "c/o", "and/or", "on/off", "yes/no", "true/false",
                            "tcp/ip", "km/h", "m/s", "read/write", "input/output", "client/server"})
# A rate limit (slowapi / flask-limiter ``"1/second"``, django-ratelimit ``"5/m"``) read from a ``*_limiter_model`` setting
_RATE_LIMIT = re.compile(r"(?i)^\d+/(?:s|m|h|d|sec|min|second|minute|hour|day|week|month|year)s?$")
# Words that only stand-in repos are made of (every word of both halves must be one of them).
_STAND_IN_WORDS = frozenset({"test", "tests", "testing", "partial", "model", "models", "repo", "repos", "read", "write",
                             "concurrent", "tmp", "temp", "local", "cache", "cached", "new", "old", "my", "dummy", "fake",
                             "mock", "sample", "example", "foo", "bar", "baz", "user", "org", "other", "another", "some",
                             "valid", "invalid", "missing", "nonexistent", "private", "public", "gated", "a", "b", "x", "y",
                             # owner-name/package-name, owner123/package456: a slug parser's test table
                             "owner", "package", "name", "project", "team"})


def _stand_in(part: str) -> bool:
    words = [w for w in re.split(r"[-_.]", part.lower()) if w]
    return bool(words) and all(w.rstrip("0123456789") in _STAND_IN_WORDS for w in words)


def local_model_path(value: str) -> str | None:
    """A local model path as written (leading ``./`` dropped), or None when ``value`` does not look like one."""
    text = value.strip()
    if not text or any(c.isspace() for c in text) or "://" in text or text.startswith(("$", "{")):
        return None
    base = text.rstrip("/").rsplit("/", 1)[-1]
    if base.lower() in MODEL_FILE_SUFFIXES or any(c in base for c in "*?["):
        return None  # an extension alone (EXT = ".bin"; name + EXT) or a glob ("*.safetensors"): no file named
    explicit = text.startswith(("./", "../", "/", "~/"))
    if text.lstrip("~./").lower().startswith("path/to/"):
        return None  # "/path/to/your/base/model": a documentation placeholder, whatever the prefix
    first = text.split("/", 1)[0].lower()
    if explicit or is_model_file_name(text) or ("/" in text and first in _PATHY_ORGS):
        while text.startswith("./"):
            text = text[2:]
        return text.rstrip("/") or None
    return None


def is_pathy(value: str) -> bool:
    """True for strings shaped like a path of this machine (``./x``, ``outputs/run``), not a Hub id."""
    text = value.strip()
    return text.startswith(("./", "../", "/", "~")) or text.split("/", 1)[0].lower() in _PATHY_ORGS


_WHISPER_SIZES = frozenset({"tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en", "large-v1",
                            "large-v2", "large-v3", "large", "large-v3-turbo", "turbo"})


def whisper_repo(name: str, *, faster: bool) -> str | None:
    """The Hub repo a Whisper size name loads: openai-whisper (``medium`` -> ``openai/whisper-medium``, same weights as
    OpenAI's download) or faster-whisper/whisperx CTranslate2 conversions (``large-v3`` -> ``Systran/faster-whisper-large-v3``)."""
    if name.startswith("distil-") and faster:
        rest = name[len("distil-"):]
        return f"Systran/faster-distil-whisper-{rest}" if rest in _WHISPER_SIZES else None
    if name not in _WHISPER_SIZES:
        return None
    size = {"large": "large-v3", "turbo": "large-v3-turbo"}.get(name, name)
    if faster:
        return "mobiuslabsgmbh/faster-whisper-large-v3-turbo" if size == "large-v3-turbo" else f"Systran/faster-whisper-{size}"
    return f"openai/whisper-{size}"
