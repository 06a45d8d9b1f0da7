"""Hypothesis strategies and bounds shared by the property tests: hostile bytes for every parser we expose."""

from __future__ import annotations

import io
import json
import os
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("AISCAN_FUZZ_EXAMPLES", "25"))
TIME_LIMIT = float(os.environ.get("AISCAN_FUZZ_SECONDS", "15"))  # per example; generous: CI machines are shared
MEMORY_LIMIT = 64 * 1024 * 1024  # bytes allocated at peak while one small input is parsed

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # wall-clock deadlines flake on a loaded machine; `bounded` checks time and memory instead
    derandomize=True,  # the same examples on every run: CI never goes red by chance
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Names a detector may claim; a detector that wants none of them fails test_every_detector_is_reachable.
CANDIDATE_NAMES = (
    "app/main.py", "tool.pyw", "stubs.pyi", "notebook.ipynb", "requirements.txt", "requirements-dev.in", "constraints.txt",
    "pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock", "environment.yml",
    "config.yaml", "config.yml", "settings.json", "settings.toml", "app.ini", ".env", ".env.production", "config.cfg",
    "Dockerfile", "Containerfile", "docker-compose.yml", "compose.yaml", "k8s/deployment.yaml", "helm/values.yaml",
    ".github/workflows/ci.yml", ".gitlab-ci.yml", "Makefile", "scripts/run.sh", "Modelfile", "README.md", "docs/guide.rst",
    "model/config.json", "model/README.md", "adapter_config.json", "tokenizer_config.json", "Justfile", "Procfile",
    "infra/main.tf",
    "web/app.ts", "web/ui.tsx", "web/index.js", "svc/main.go", "src/A.java", "src/M.kt", "dotnet/P.cs", "src/lib.rs",
    "package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "go.mod", "pom.xml", "build.gradle.kts",
    "libs.versions.toml", "Cargo.toml", "Cargo.lock", "App.csproj", "packages.config", "Directory.Packages.props",
)

PY_TOKENS = [
    "from transformers import AutoModel\n", "import ollama\n", "from openai import OpenAI\n", "AutoModel.from_pretrained(",
    "SentenceTransformer(", "pipeline(", "ollama.chat(model=", "OpenAI(base_url=", "client.chat.completions.create(model=",
    "os.getenv(", "f'{", "}'", '"org/model-7b"', "'Qwen/Qwen2.5-7B'", '"llama3:8b"', "MODEL = ", "x", " = ", "(", ")", "[", "]",
    "{", "}", ":", ",", "\n", "    ", "def f(", "class C:", "lambda: ", "**", "+", '"""', "'''", "\\", "#", "\x00", "\r", "\t",
    "é", "\ud800", "model=", "revision=", "trust_remote_code=True", "import ", "for m in [", "] :\n", "!pip install ",
]
CONFIG_TOKENS = [
    "model: ", "model_name: ", "base_model: ", "model_id = ", '"model": ', "MODEL_NAME=", "- ", "  ", "\n", "[", "]", "{", "}",
    ",", ":", "=", '"', "'", "&a ", "*a", "!!python/object:os.system ", "---\n", "...\n", "[tool.poetry.dependencies]\n",
    "[project]\ndependencies = [", "torch>=2", "transformers==4.1", "-r other.txt\n", "-e .\n", "git+https://x/y\n",
    "FROM ", "RUN pip install ", "vllm serve ", "--model ", "hf download ", "ollama pull ", "ENV ", "${MODEL:-org/m}",
    "meta-llama/Llama-3.1-8B", "qwen2.5:7b", "\x00", "\r\n", "\t", "é", "# ", "<<EOF\n", "```python\n", "```\n",
    'resource "aws_bedrock" "m" {', 'variable "model_id" {', "default = ", "model {", "${var.model}", "<<-EOT\n", "EOT\n",
]


def token_soup(tokens: list[str]) -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(tokens), max_size=60).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(["org/model", "llama3:8b", "gpt-4o", "Qwen/Qwen2.5-7B-Instruct"]),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(
        st.sampled_from(["model", "model_name", "base_model", "source", "cells", "cell_type", "code", "dependencies", "x"])
        | st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


def notebook_bytes(cells: list[Any]) -> bytes:
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}).encode()


CONTENT = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    token_soup(PY_TOKENS),
    token_soup(CONFIG_TOKENS),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.lists(st.fixed_dictionaries({"cell_type": st.sampled_from(["code", "markdown", "raw", 3]),
                                    "source": st.one_of(token_soup(PY_TOKENS).map(lambda b: b.decode("utf-8", "replace")),
                                                        st.lists(st.text(max_size=40), max_size=4), json_values)}),
             max_size=4).map(notebook_bytes),
)


# --- model files: magic prefixes (name, head) and structured generators ----------------------------------------
def _tar_head() -> bytes:
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as archive:
        info = tarfile.TarInfo("data.pkl")
        info.size = 0
        archive.addfile(info, io.BytesIO(b""))
    return buf.getvalue()[:512]


MAGIC_SEEDS: tuple[tuple[str, bytes], ...] = (
    ("model.zip", b"PK\x03\x04"), ("pytorch_model.bin", b"PK\x05\x06"), ("weights.tar", _tar_head()),
    ("arr.npy", b"\x93NUMPY\x01\x00"), ("model.safetensors", struct.pack("<Q", 64) + b'{"'), ("model.gguf", b"GGUF\x03\x00\x00\x00"),
    ("model.ggml", b"lmgg"), ("model.h5", b"\x89HDF\r\n\x1a\n"), ("model.keras", b"\x89HDF\r\n\x1a\n"), ("model.pkl.gz", b"\x1f\x8b\x08"),
    ("model.bz2", b"BZh9"), ("model.xz", b"\xfd7zXZ\x00"), ("model.7z", b"7z\xbc\xaf\x27\x1c"), ("model.zst", b"\x28\xb5\x2f\xfd"),
    ("model.rar", b"Rar!\x1a\x07"), ("saved_model.pb", b"\x08\x01\x12"), ("model.onnx", b"\x08\x07\x12\x04"),
    ("model.pkl", b"\x80\x04\x95"), ("model.pt", b"\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19."), ("model.joblib", b"\x80\x03cjoblib"),
    ("model.bin", b"\x80\x02}q\x00"), ("model.ckpt", b"\x80\x01"), ("model.mlmodel", b""), ("model.tflite", b"\x1c\x00\x00\x00TFL3"),
)

PICKLE_OPS = [bytes([b]) for b in b"()*.0123456789BCFGIJKLMNPQRSTUVXabcdehjlmopqrstu}~" + bytes(range(0x80, 0x99))]
PICKLE_ARGS = [b"cos\nsystem\n", b"cbuiltins\neval\n", b"ctorch._utils\n_rebuild_tensor_v2\n", b"X\x02\x00\x00\x00id", b"K\x01",
               b"\x8c\x05torch", b"\x93", b"R", b"h\x00", b"q\x00", b"\x94", b"\xff\xff\xff\x7f", b"\x00" * 8]


def pickle_soup() -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(PICKLE_OPS + PICKLE_ARGS) | st.binary(max_size=8), max_size=80).map(
        lambda parts: b"\x80" + bytes([2 + len(parts) % 4]) + b"".join(parts))


@st.composite
def zip_archives(draw: Callable[..., Any]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))) as archive:
        for _ in range(draw(st.integers(0, 4))):
            name = draw(st.sampled_from(["archive/data.pkl", "data.pkl", "../../etc/x", "/abs.pkl", "m/version", "a/b/c.npy",
                                         "nested.zip", "model.safetensors", "x" * 300]))
            payload = draw(pickle_soup() | st.binary(max_size=300))
            archive.writestr(name, payload)
    data = buf.getvalue()
    if draw(st.booleans()) and data:  # truncate or flip bytes: malformed central directory, bad offsets
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=20))
    return data


@st.composite
def safetensors_files(draw: Callable[..., Any]) -> bytes:
    header = draw(json_values | st.dictionaries(st.text(max_size=8), st.fixed_dictionaries(
        {"dtype": st.sampled_from(["F32", "F16", "BF16", "I64", "??"]), "shape": st.lists(st.integers(-2, 2**40), max_size=3),
         "data_offsets": st.lists(st.integers(-5, 2**63), max_size=3)}), max_size=4))
    raw = json.dumps(header).encode()
    length = draw(st.sampled_from([len(raw), len(raw) + 1, 0, 2**63, max(0, len(raw) - 3)]))
    return struct.pack("<Q", length) + raw + draw(st.binary(max_size=64))


@st.composite
def gguf_files(draw: Callable[..., Any]) -> bytes:
    version = draw(st.sampled_from([1, 2, 3, 4, 2**31]))
    n_tensors = draw(st.sampled_from([0, 1, 2**40]))
    n_kv = draw(st.sampled_from([0, 1, 3, 2**40]))
    body = b""
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([b"general.name", b"tokenizer.chat_template", b"general.license", b"x"]))
        vtype = draw(st.integers(0, 13))
        length = draw(st.sampled_from([len(key), 2**62, 0]))
        body += struct.pack("<Q", length) + key + struct.pack("<I", vtype) + draw(st.binary(max_size=40))
    return b"GGUF" + struct.pack("<IQQ", version % 2**32, n_tensors, n_kv) + body


MODEL_CONTENT = st.one_of(
    st.tuples(st.sampled_from(MAGIC_SEEDS), st.binary(max_size=2000)).map(lambda t: (t[0][0], t[0][1] + t[1])),
    st.tuples(st.sampled_from(["model.pkl", "pytorch_model.bin", "model.pt", "x.joblib"]), pickle_soup()),
    st.tuples(st.sampled_from(["model.zip", "pytorch_model.bin", "model.pt", "model.keras", "model.npz"]), zip_archives()),
    st.tuples(st.just("model.safetensors"), safetensors_files()),
    st.tuples(st.just("model.gguf"), gguf_files()),
)


@contextmanager
def bounded(label: str) -> Iterator[None]:
    """Fail if the block takes longer than TIME_LIMIT or allocates more than MEMORY_LIMIT at peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < TIME_LIMIT, f"{label}: took {elapsed:.1f} s"
    assert peak < MEMORY_LIMIT, f"{label}: allocated {peak / 1e6:.0f} MB at peak"
