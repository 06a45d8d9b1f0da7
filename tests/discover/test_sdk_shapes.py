"""SDK call shapes added after the r2 held-out batch: CLI defaults, provider objects, Bedrock, Azure deployments, Whisper."""

from __future__ import annotations

from pathlib import Path

from .helpers import scan


def _found(tmp_path: Path, code: str) -> set[tuple[str, str, str | None]]:
    return {(r.kind.value, r.identifier, r.provider) for r in scan(tmp_path, {"m.py": code}) if r.kind.value != "package"}


def test_argparse_defaults_reach_loaders_through_args_attributes(tmp_path: Path) -> None:
    code = '''
import argparse
from datasets import load_dataset
p = argparse.ArgumentParser()
p.add_argument("--train-data", dest="corpus", default="acme-lab/support-chats")
p.add_argument("--output_dir", default="runs/x")
args = p.parse_args()
ds = load_dataset(args.corpus)
'''
    assert _found(tmp_path, code) == {("hf-dataset", "acme-lab/support-chats", None)}


def test_provider_objects_and_provider_strings_move_the_model(tmp_path: Path) -> None:
    code = '''
from pydantic_ai.models.openai import OpenAIModel
from pydantic_ai.providers.openai import OpenAIProvider
import instructor
local = OpenAIProvider(base_url="http://localhost:11434/v1")
a = OpenAIModel("mistral-small3.1:24b", provider=local)
b = OpenAIModel("deepseek-chat", provider="deepseek")
c = instructor.from_provider("openai/gpt-4.1-mini")
'''
    assert _found(tmp_path, code) == {("ollama", "mistral-small3.1:24b", None), ("api-model", "deepseek-chat", "deepseek"),
                                      ("api-model", "gpt-4.1-mini", "openai")}


def test_bedrock_runtime_calls_and_azure_deployments(tmp_path: Path) -> None:
    code = '''
import os, boto3
from langchain_openai import AzureChatOpenAI
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion, OpenAIChatCompletion
rt = boto3.client("bedrock-runtime")
rt.converse(modelId="amazon.nova-lite-v1:0", messages=[])
rt.invoke_model(modelId=os.environ["RERANK_MODEL_ID"], body="{}")
rt.list_foundation_models(byProvider="anthropic")
az = AzureChatOpenAI(azure_deployment="gpt-4o-mini", api_version="2024-10-21")
sk = AzureChatCompletion(deployment_name="chat-eu", service_id="chat")
oa = OpenAIChatCompletion(ai_model_id="gpt-4.1-nano", service_id="x")
'''
    assert _found(tmp_path, code) == {
        ("api-model", "amazon.nova-lite-v1:0", "bedrock"), ("model-slot", "RERANK_MODEL_ID", None),
        ("api-model", "gpt-4o-mini", "azure"), ("api-model", "chat-eu", "azure"), ("api-model", "gpt-4.1-nano", "openai"),
    }


def test_whisper_size_names_map_to_the_repos_they_download(tmp_path: Path) -> None:
    code = '''
import whisper
from faster_whisper import WhisperModel
a = whisper.load_model("small.en")
b = WhisperModel("distil-large-v3")
c = WhisperModel("deepdml/faster-whisper-large-v3-turbo-ct2")
d = WhisperModel(model_size_or_path="turbo")
e = whisper.load_model("/models/custom.pt")
'''
    assert _found(tmp_path, code) == {
        ("hf-model", "openai/whisper-small.en", None), ("hf-model", "Systran/faster-distil-whisper-large-v3", None),
        ("hf-model", "deepdml/faster-whisper-large-v3-turbo-ct2", None),
        ("hf-model", "mobiuslabsgmbh/faster-whisper-large-v3-turbo", None), ("model-file", "/models/custom.pt", None),
    }


def test_hosting_providers_keep_org_in_the_id_and_fireworks_paths(tmp_path: Path) -> None:
    code = '''
from openai import OpenAI
r = OpenAI(base_url="https://openrouter.ai/api/v1")
r.chat.completions.create(model="deepseek/deepseek-chat-v3-0324", messages=[])
f = OpenAI(base_url="https://api.fireworks.ai/inference/v1")
f.chat.completions.create(model="accounts/fireworks/models/qwen3-235b-a22b", messages=[])
'''
    assert _found(tmp_path, code) == {("api-model", "deepseek/deepseek-chat-v3-0324", "openrouter"),
                                      ("api-model", "accounts/fireworks/models/qwen3-235b-a22b", "fireworks")}


def test_unpacked_registry_tuples_and_environ_setdefault(tmp_path: Path) -> None:
    code = '''
import os
from anthropic import Anthropic
from openai import OpenAI
from ultralytics import YOLO
CHOICES = {"a": ("anthropic", "claude-opus-4-1-20250805"), "b": ("openai", "gpt-5-mini")}
vendor, model = CHOICES["a"]
Anthropic().messages.create(model=model, max_tokens=10, messages=[])
os.environ.setdefault("APP_CHAT_MODEL", "gpt-4.1")
OpenAI().chat.completions.create(model=os.environ["APP_CHAT_MODEL"], messages=[])
OpenAI().chat.completions.create(model=os.environ["OTHER_MODEL"], messages=[])
det = YOLO("runs/best.pt")
'''
    assert _found(tmp_path, code) == {
        ("api-model", "claude-opus-4-1-20250805", "anthropic"), ("api-model", "gpt-5-mini", "openai"),
        ("api-model", "gpt-4.1", "openai"), ("model-slot", "OTHER_MODEL", None), ("model-file", "runs/best.pt", None),
    }


def test_promptfoo_provider_ids_and_capture_cells(tmp_path: Path) -> None:
    config = '''
providers:
  - id: openai:chat:gpt-4.1-nano
  - id: python:my_provider.py
  - ollama:chat:qwen3:8b
  - id: file://providers/custom.js
'''
    nb = ('{"cells": [{"cell_type": "code", "metadata": {}, "source": ["%%capture\\n", "!pip install vllm\\n", '
          '"from vllm import LLM\\n", "llm = LLM(model=\\"Qwen/Qwen3-0.6B\\")"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    refs = scan(tmp_path, {"promptfooconfig.yaml": config, "nb.ipynb": nb})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs} == {
        ("api-model", "gpt-4.1-nano", "openai"), ("ollama", "qwen3:8b", None), ("hf-model", "Qwen/Qwen3-0.6B", None),
        ("package", "vllm", None),
    }


def test_app_config_mappings_replicate_and_image_packages(tmp_path: Path) -> None:
    code = '''
import modal, replicate
from flask import Flask, current_app
from transformers import pipeline
app = Flask(__name__)
app.config["CLASSIFIER"] = "ProsusAI/finbert"
app.config.setdefault("PORT", "8080")
clf = pipeline("text-classification", model=current_app.config["CLASSIFIER"])
img = replicate.run("stability-ai/sdxl:39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b", input={})
image = modal.Image.debian_slim().pip_install("sglang[all]==0.4.6", "numpy")
'''
    refs = scan(tmp_path, {"m.py": code})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs} == {
        ("hf-model", "ProsusAI/finbert", None), ("api-model", "stability-ai/sdxl", "replicate"),
        ("package", "sglang", None), ("package", "numpy", None),
    }


def test_model_entries_with_roles_and_mappings_under_args(tmp_path: Path) -> None:
    continue_cfg = '''
models:
  - name: Local
    provider: ollama
    model: granite3.3:8b
    roles: [chat, autocomplete]
'''
    ray = '''
applications:
  - name: app
    args:
      llm_configs:
        - model_loading_config: {model_id: small, model_source: HuggingFaceTB/SmolLM3-3B}
'''
    refs = scan(tmp_path, {"config.yaml": continue_cfg, "serve.yaml": ray})
    assert {(r.kind.value, r.identifier) for r in refs} == {("ollama", "granite3.3:8b"), ("hf-model", "HuggingFaceTB/SmolLM3-3B")}


def test_colab_param_choices_speechbrain_and_weights_files_on_local_servers(tmp_path: Path) -> None:
    nb = ('{"cells": [{"cell_type": "code", "metadata": {}, "source": ["from openai import OpenAI\\n", '
          '"MODEL = \\"gpt-4.1-mini\\"  # @param [\\"gpt-4.1-mini\\", \\"o4-mini\\"]\\n", '
          '"OpenAI().responses.create(model=MODEL, input=\\"hi\\")"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    code = '''
from speechbrain.inference.VAD import VAD
vad = VAD.from_hparams(source="speechbrain/vad-crdnn-libriparty", savedir="tmp/vad")
'''
    localai = "name: gpt-3.5-turbo\nbackend: llama-cpp\nparameters:\n  model: phi-2.Q4_K_M.gguf\n"
    refs = scan(tmp_path, {"nb.ipynb": nb, "vad.py": code, "models/gpt.yaml": localai})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs} == {
        ("api-model", "gpt-4.1-mini", "openai"), ("api-model", "o4-mini", "openai"),
        ("hf-model", "speechbrain/vad-crdnn-libriparty", None), ("model-file", "phi-2.Q4_K_M.gguf", None),
    }
    cell_line = next(r.location.line for r in refs if r.identifier == "o4-mini")
    assert cell_line == 3  # the call that receives it (lines are unchanged by the rewrite)


def test_cloud_client_classes_and_deployment_keys(tmp_path: Path) -> None:
    code = '''
from anthropic import AnthropicVertex
v = AnthropicVertex(region="europe-west1", project_id="p")
v.messages.create(model="claude-sonnet-4@20250514", max_tokens=10, messages=[])
'''
    settings = '{"AzureOpenAI": {"Endpoint": "https://x.openai.azure.com/", "ChatDeploymentName": "chat-prod-eu"}, "App": {"Deployment": "blue"}}'
    refs = scan(tmp_path, {"v.py": code, "appsettings.json": settings})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs} == {
        ("api-model", "claude-sonnet-4@20250514", "google"), ("api-model", "chat-prod-eu", "azure"),
    }


def test_kwargs_expansion_path_joins_gradio_load_and_bedrock_arns(tmp_path: Path) -> None:
    code = '''
import os
from pathlib import Path
import gradio as gr
from openai import OpenAI
from transformers import AutoModel
client = OpenAI(base_url="https://openrouter.ai/api/v1")
params = dict(model="mistralai/mistral-small-3.1-24b-instruct", temperature=0)
client.chat.completions.create(messages=[], **params)
unused = dict(model="nomic-ai/nomic-embed-text-v1.5", batch=8)
ROOT = os.getenv("WEIGHTS", "/srv/weights")
a = AutoModel.from_pretrained(os.path.join(ROOT, "chinese-roberta-wwm-ext"))
b = AutoModel.from_pretrained(Path(ROOT) / "e5-small")
demo = gr.load("models/openai/whisper-large-v3-turbo")
space = gr.load("spaces/acme/demo")
'''
    cfn = "Resources:\n  KB:\n    Properties:\n      EmbeddingModelArn: arn:aws:bedrock:eu-central-1::foundation-model/cohere.embed-multilingual-v3\n"
    refs = scan(tmp_path, {"m.py": code, "stack.yaml": cfn})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs} == {
        ("api-model", "mistralai/mistral-small-3.1-24b-instruct", "openrouter"), ("hf-model", "nomic-ai/nomic-embed-text-v1.5", None),
        ("model-file", "/srv/weights/chinese-roberta-wwm-ext", None), ("model-file", "/srv/weights/e5-small", None),
        ("hf-model", "openai/whisper-large-v3-turbo", None), ("api-model", "cohere.embed-multilingual-v3", "bedrock"),
    }


def test_typer_option_defaults(tmp_path: Path) -> None:
    code = '''
import typer
from transformers import pipeline
def main(model: str = typer.Option("facebook/bart-large-cnn", "--model"), out: str = typer.Option(..., "--out")):
    pipeline("summarization", model=model)
'''
    assert _found(tmp_path, code) == {("hf-model", "facebook/bart-large-cnn", None)}
