"""Which walked files are worth sniffing, and the model-file Reference an inspected file contributes."""

from __future__ import annotations

from ..models import Context, Location, ModelFile, Reference, RefKind

# Extensions (beyond discover.ids.MODEL_FILE_SUFFIXES) whose content may be a model or an archive of one.
OPAQUE_SUFFIXES = (
    ".dat",
    ".data",
    ".model",
    ".weights",
    ".zip",
    ".tar",
    ".tgz",
    ".gz",
    ".bz2",
    ".xz",
    ".7z",
    ".zst",
    ".lz4",
    ".msgpack",
    ".mar",
    ".nemo",
    ".pdparams",
    ".params",
    ".caffemodel",
    ".sav",
    ".torchscript",
    ".ptl",
    ".pbtxt",
    ".ggml",
    ".mlpackage",
    ".pkl.gz",
    ".joblib.gz",
    ".npz",
    ".bin.gz",
    ".lzma",
    ".dill",
    ".cloudpickle",
    ".mdl",
    ".pth.tar",
)
TEXT_NAMES = frozenset(
    {
        "dockerfile",
        "makefile",
        "license",
        "licence",
        "readme",
        "modelfile",
        "procfile",
        "gemfile",
        "jenkinsfile",
        "vagrantfile",
        "notice",
        "authors",
        "copying",
        "changelog",
        "containerfile",
        "justfile",
        "codeowners",
        "version",
        "manifest",
        "requirements",
        "pipfile",
        "brewfile",
        "rakefile",
        "contributors",
        "owners",
        "todo",
    }
)
CONTAINER_FORMATS = frozenset({"zip", "tar", "gzip", "bz2", "xz", "compressed", "unknown", "7z", "rar", "zstd", "lz4"})
DATA_FORMATS = frozenset({"onnx-tensor"})  # arrays only (a model's test inputs and outputs): listed, not a model


def is_candidate(relpath: str) -> bool:
    """True for opaque binary names and extension-less files (not dotfiles or well-known text files).

    Model files by their usual extension are handled by the caller (discover.ids.is_model_file_name); this adds
    the names a model hides behind (``weights.dat``, ``model``, ``ckpt.tar``) without opening source files."""
    name = relpath.rsplit("/", 1)[-1].lower()
    if name.endswith(OPAQUE_SUFFIXES):
        return True
    return "." not in name and name not in TEXT_NAMES


def model_file_reference(mf: ModelFile, *, named_as_model: bool) -> tuple[Reference, ...]:
    """A ``model-file`` Reference so the file shows up as a model; plain archives of no model format do not."""
    if not named_as_model and mf.format in CONTAINER_FORMATS and not mf.metadata.get("contains"):
        return ()
    if mf.format in DATA_FORMATS and mf.verdict == "safe":
        return ()
    return (
        Reference(
            kind=RefKind.MODEL_FILE,
            identifier=mf.path,
            location=Location(path=mf.path),
            detector="model-file",
            evidence=f"{mf.format} file ({mf.verdict})",
            context=Context.TEST if _in_tests(mf.path) else Context.CONFIG,
        ),
    )


def _in_tests(path: str) -> bool:
    return any(part in ("tests", "test", "testdata", "fixtures", "__tests__") for part in path.lower().split("/")[:-1])
