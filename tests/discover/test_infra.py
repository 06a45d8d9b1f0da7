"""Dockerfiles, shell scripts, Makefiles, Modelfiles, notebooks and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import keys, scan


def test_dockerfile_and_scripts(tmp_path: Path) -> None:
    dockerfile = """FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
ARG EMBED=BAAI/bge-small-en-v1.5
ENV MODEL_ID=Qwen/Qwen2.5-3B-Instruct
RUN pip install vllm==0.6.4 && \\
    hf download ${EMBED} --local-dir /models/embed
CMD ["vllm", "serve", "/models/x", "--served-model-name", "x"]
"""
    script = """#!/bin/sh
MODEL="${MODEL:-mistralai/Mistral-7B-Instruct-v0.3}"
vllm serve "$MODEL" --port 8000
ollama pull llama3.2:3b
modelscope download --model qwen/Qwen2.5-0.5B-Instruct
llama-server -hf ggml-org/gemma-3-1b-it-GGUF:Q4_K_M
huggingface-cli download --repo-type dataset HuggingFaceFW/fineweb-edu
docker pull ollama/ollama:0.4.1
"""
    makefile = "MODEL ?= microsoft/phi-2\nOUT := results/phi-2\nrun:\n\tlm_eval --model hf --model_args pretrained=$(MODEL) --output_path $(OUT)\n"
    refs = scan(tmp_path, {"Dockerfile": dockerfile, "scripts/serve.sh": script, "Makefile": makefile})
    assert keys(refs, packages=True) == {
        ("hf-model", "BAAI/bge-small-en-v1.5"), ("hf-model", "Qwen/Qwen2.5-3B-Instruct"), ("package", "vllm"),
        ("hf-model", "mistralai/Mistral-7B-Instruct-v0.3"), ("ollama", "llama3.2:3b"),
        ("modelscope-model", "qwen/Qwen2.5-0.5B-Instruct"), ("hf-model", "ggml-org/gemma-3-1b-it-GGUF"),
        ("hf-dataset", "HuggingFaceFW/fineweb-edu"), ("hf-model", "microsoft/phi-2"),
    }


def test_modelfile(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"Modelfile": "FROM llama3.2\nADAPTER ./lora.gguf\n", "m/x.modelfile": "FROM ./w/x.Q4_K_M.gguf\n"})
    assert keys(refs) == {("ollama", "llama3.2:latest"), ("model-file", "lora.gguf"), ("model-file", "w/x.Q4_K_M.gguf")}


def test_notebook_cells_and_magics(tmp_path: Path) -> None:
    nb = {"cells": [
        {"cell_type": "markdown", "source": ["Try meta-llama/Llama-3.1-8B too"]},
        {"cell_type": "code", "source": ["!pip install -q transformers peft\n", "MODEL = 'TinyLlama/TinyLlama-1.1B-Chat-v1.0'\n"]},
        {"cell_type": "code", "source": ["from transformers import AutoModel\n", "m = AutoModel.from_pretrained(MODEL)\n"]},
        {"cell_type": "code", "source": ["%%time\n", "x = 1\n"]},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    refs = scan(tmp_path, {"nb.ipynb": json.dumps(nb)})
    assert keys(refs, packages=True) == {("package", "transformers"), ("package", "peft"), ("hf-model", "TinyLlama/TinyLlama-1.1B-Chat-v1.0")}
    model = next(r for r in refs if r.kind.value == "hf-model")
    assert (model.location.cell, model.location.line, model.context.value) == (3, 2, "notebook")
    assert scan(tmp_path, {"bad.ipynb": "{not json"}) == []


def test_markdown_fences_only_with_include_docs(tmp_path: Path) -> None:
    readme = ("# x\nUses Qwen/Qwen2.5-72B-Instruct.\n\n```python\nfrom transformers import AutoModel\n"
              "AutoModel.from_pretrained('google/gemma-2-2b-it')\n```\n\n```bash\nollama run phi4\n```\n")
    assert scan(tmp_path, {"README.md": readme}) == []
    refs = scan(tmp_path, {"README.md": readme}, include_docs=True)
    assert keys(refs) == {("hf-model", "google/gemma-2-2b-it"), ("ollama", "phi4:latest")}
    assert {r.context.value for r in refs} == {"docs"}
    assert next(r for r in refs if r.kind.value == "hf-model").location.line == 6
