"""What a Hub repo ships, from its file list: weight formats (pickle-based or not), custom code, adapters."""

from __future__ import annotations

from collections.abc import Iterable

from ..records import record

# Suffix -> format. Pickle-based formats execute code when loaded; .bin on the Hub is a torch pickle (zip or legacy).
FORMAT_BY_SUFFIX: dict[str, str] = {
    ".safetensors": "safetensors",
    ".bin": "pickle", ".pt": "pickle", ".pth": "pickle", ".ckpt": "pickle", ".pkl": "pickle", ".pickle": "pickle",
    ".pdparams": "pickle", ".mar": "pickle",
    ".joblib": "joblib",
    ".gguf": "gguf", ".ggml": "ggml", ".llamafile": "llamafile",
    ".onnx": "onnx", ".ort": "onnx",
    ".h5": "h5", ".hdf5": "h5", ".keras": "keras",
    ".pb": "tensorflow", ".tflite": "tflite",
    ".msgpack": "flax",
    ".npy": "numpy", ".npz": "numpy",
    ".mlmodel": "coreml",
    ".nemo": "nemo",
    ".pte": "executorch",
    ".engine": "tensorrt", ".plan": "tensorrt",
}
CODE_FORMATS = frozenset({"pickle", "joblib", "keras", "nemo", "llamafile"})  # may run code when loaded
MAX_FILES = 500


@record(frozen=True, slots=True)
class RepoContents:
    formats: tuple[str, ...]
    weight_files: tuple[str, ...]
    code_files: tuple[str, ...]
    adapter: bool
    pickle_only: bool


def file_format(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".safetensors.index.json"):
        return None
    dot = lower.rfind(".")
    return FORMAT_BY_SUFFIX.get(lower[dot:]) if dot >= 0 else None


def repo_contents(files: Iterable[str]) -> RepoContents:
    names = sorted(set(files))
    weights = [n for n in names if file_format(n) is not None]
    formats = sorted({fmt for n in weights if (fmt := file_format(n)) is not None})
    code = [n for n in names if n.lower().endswith(".py")]
    adapter = any(n.rsplit("/", 1)[-1] in ("adapter_config.json", "adapter_model.safetensors", "adapter_model.bin") for n in names)
    weight_formats = set(formats) - {"numpy"}
    pickle_only = bool(weight_formats) and weight_formats <= CODE_FORMATS
    return RepoContents(formats=tuple(formats), weight_files=tuple(weights[:MAX_FILES]), code_files=tuple(code[:MAX_FILES]),
                        adapter=adapter, pickle_only=pickle_only)
