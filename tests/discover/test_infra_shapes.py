"""Infra shapes added after the r2 held-out batch: Terraform, docker run arguments, `X download`, provider-named keys."""

from __future__ import annotations

from pathlib import Path

from .helpers import scan


def _found(tmp_path: Path, files: dict[str, str]) -> set[tuple[str, str, str | None]]:
    return {(r.kind.value, r.identifier, r.provider) for r in scan(tmp_path, files) if r.kind.value != "package"}


def test_terraform_variables_locals_model_blocks_and_arns(tmp_path: Path) -> None:
    tf = '''
variable "chat_model_id" {
  type    = string
  default = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}
variable "region" { default = "us-east-1" }
locals {
  reranker_model = "cohere.rerank-v3-5:0"
  bucket         = "acme/docs"
}
resource "azurerm_cognitive_deployment" "d" {
  name = "chat-prod"
  model {
    format = "OpenAI"
    name   = "gpt-4o-mini"
  }
  sku { name = "Standard" }
}
resource "aws_bedrock_provisioned_model_throughput" "p" {
  provisioned_model_name = "${var.prefix}-chat"
  model_arn              = "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0"
}
'''
    assert _found(tmp_path, {"infra/main.tf": tf}) == {
        ("api-model", "anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"), ("api-model", "cohere.rerank-v3-5:0", "bedrock"),
        ("api-model", "gpt-4o-mini", "azure"), ("api-model", "meta.llama3-70b-instruct-v1:0", "bedrock"),
    }


def test_docker_run_container_arguments_and_download_subcommands(tmp_path: Path) -> None:
    script = '''#!/bin/sh
docker run --rm -p 8080:80 -v "$PWD/d:/data" -e HF_TOKEN ghcr.io/huggingface/text-generation-inference:3 --model-id HuggingFaceTB/SmolLM2-1.7B-Instruct
docker run -d --name llm vllm/vllm-openai:latest --model Qwen/Qwen3-8B --served-model-name chat
docker pull ollama/ollama:latest
tune download meta-llama/Llama-3.1-8B-Instruct --output-dir /tmp/llama
litgpt download microsoft/phi-2
apt-get download curl
'''
    assert _found(tmp_path, {"run.sh": script}) == {
        ("hf-model", "HuggingFaceTB/SmolLM2-1.7B-Instruct", None), ("hf-model", "Qwen/Qwen3-8B", None),
        ("hf-model", "meta-llama/Llama-3.1-8B-Instruct", None), ("hf-model", "microsoft/phi-2", None),
    }


def test_provider_named_keys_and_weight_files_under_adapter_keys(tmp_path: Path) -> None:
    values = '''
ollama:
  models:
    pull: [mxbai-embed-large, "qwen3:4b"]
    run: [qwen3:4b]
service:
  name: api-gateway
'''
    workflow = '{"1": {"class_type": "VAELoader", "inputs": {"vae_name": "sdxl_vae.safetensors"}}, "2": {"inputs": {"filename_prefix": "out/x"}}}'
    assert _found(tmp_path, {"values.yaml": values, "wf.json": workflow}) == {
        ("ollama", "mxbai-embed-large:latest", None), ("ollama", "qwen3:4b", None), ("model-file", "sdxl_vae.safetensors", None),
    }


def test_inline_python_env_base_urls_and_notebook_env_magic(tmp_path: Path) -> None:
    dockerfile = '''FROM python:3.12-slim
ARG RERANK=BAAI/bge-reranker-v2-m3
RUN python -c "from sentence_transformers import CrossEncoder; CrossEncoder('${RERANK}')"
RUN python3 -c 'import transformers; transformers.AutoModel.from_pretrained("distilbert/distilbert-base-uncased")'
RUN python -c "print('acme/not-a-model')"
'''
    env = '''LLM_BASE_URL=https://api.together.xyz/v1
LLM_MODEL=Qwen/Qwen2.5-72B-Instruct-Turbo
LLM_EMBED_MODEL=BAAI/bge-m3
OTHER_MODEL=gpt-4o-mini
'''
    nb = ('{"cells": [{"cell_type": "code", "metadata": {}, "source": ["%env ASR_MODEL=openai/whisper-tiny\\n", "import os\\n", '
          '"from transformers import pipeline\\n", "p = pipeline(\\"automatic-speech-recognition\\", model=os.environ[\\"ASR_MODEL\\"])"]}], '
          '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    code = 'from vllm.lora.request import LoRARequest\nr = LoRARequest("sql", 1, "acme-lab/llama-sql-lora")\n'
    assert _found(tmp_path, {"Dockerfile": dockerfile, ".env": env, "nb.ipynb": nb, "lora.py": code}) == {
        ("hf-model", "BAAI/bge-reranker-v2-m3", None), ("hf-model", "distilbert/distilbert-base-uncased", None),
        ("api-model", "Qwen/Qwen2.5-72B-Instruct-Turbo", "together"), ("api-model", "BAAI/bge-m3", "together"),
        ("api-model", "gpt-4o-mini", "openai"), ("hf-model", "openai/whisper-tiny", None), ("hf-model", "acme-lab/llama-sql-lora", None),
    }


def test_model_and_dataset_named_flags_and_ollama_aliases_built_in_the_file(tmp_path: Path) -> None:
    script = '''#!/bin/sh
python distill.py --teacher-model Qwen/Qwen2.5-14B-Instruct --student_model_path Qwen/Qwen2.5-0.5B --model_max_length 4096
python mix.py --train-datasets HuggingFaceH4/no_robots --served-model-name chat --output_dir out/x
gh run download "$run_id" --repo "$repo" --name report --dir "reports/$repo"
python eval.py --judge-model "$JUDGE" --checkpoint acme/tools
ollama create helper -f Modelfile
ollama run helper "hi"
ollama pull qwen3:0.6b
'''
    assert _found(tmp_path, {"run.sh": script}) == {
        ("hf-model", "Qwen/Qwen2.5-14B-Instruct", None), ("hf-model", "Qwen/Qwen2.5-0.5B", None),
        ("hf-dataset", "HuggingFaceH4/no_robots", None), ("ollama", "qwen3:0.6b", None),
    }


def test_dataclass_constructor_keywords_are_the_attributes_read_later(tmp_path: Path) -> None:
    code = '''
from dataclasses import dataclass
from sentence_transformers import SentenceTransformer
@dataclass
class Spec:
    checkpoint: str
    dim: int = 384
SPECS = [Spec("sentence-transformers/all-MiniLM-L6-v2", 384), Spec(checkpoint="BAAI/bge-small-en-v1.5")]
encoders = [SentenceTransformer(s.checkpoint) for s in SPECS]
'''
    assert _found(tmp_path, {"enc.py": code}) == {
        ("hf-model", "sentence-transformers/all-MiniLM-L6-v2", None), ("hf-model", "BAAI/bge-small-en-v1.5", None),
    }


def test_procfile_commands_and_api_endpoint_keys(tmp_path: Path) -> None:
    procfile = "web: gunicorn app:api\nllm: vllm serve Qwen/Qwen3-1.7B --port 8001\n"
    tabby = '[model.chat.http]\nkind = "openai/chat"\nmodel_name = "qwen2.5-coder:7b-instruct"\napi_endpoint = "http://ollama:11434/v1"\n'
    assert _found(tmp_path, {"Procfile": procfile, "tabby.toml": tabby}) == {
        ("hf-model", "Qwen/Qwen3-1.7B", None), ("ollama", "qwen2.5-coder:7b-instruct", None),
    }
