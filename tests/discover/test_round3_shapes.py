"""Shapes added after the r12 held-out batch: hf:// URIs under any key, name/value parameter lists, tox.ini, txtai."""

from __future__ import annotations

from pathlib import Path

from .helpers import scan


def _found(tmp_path: Path, files: dict[str, str]) -> set[tuple[str, str]]:
    return {(r.kind.value, r.identifier) for r in scan(tmp_path, files) if r.kind.value != "package"}


def test_hub_uri_under_any_key_and_model_named_parameters(tmp_path: Path) -> None:
    yaml = '''
spec:
  predictor:
    model:
      storageUri: hf://acme-lab/support-llm-1b
      runtime: kserve-huggingfaceserver
  extra:
    cache: hf://datasets/acme-lab/tickets
  graph:
    parameters:
      - {name: task, type: STRING, value: text-classification}
      - {name: pretrained_model, type: STRING, value: acme-lab/sentiment-base}
      - {name: output_repo, type: STRING, value: acme-lab/not-a-dependency}
'''
    assert _found(tmp_path, {"k8s/svc.yaml": yaml}) == {
        ("hf-model", "acme-lab/support-llm-1b"), ("hf-dataset", "acme-lab/tickets"), ("hf-model", "acme-lab/sentiment-base")}


def test_tox_ini_setenv_model_variables(tmp_path: Path) -> None:
    ini = "[tox]\nenvlist = py311\n\n[testenv]\ndeps = pytest\nsetenv =\n    HF_HUB_OFFLINE = 1\n    TINY_MODEL_ID = acme-lab/tiny-random-bert\n"
    assert _found(tmp_path, {"tox.ini": ini}) == {("hf-model", "acme-lab/tiny-random-bert")}


def test_txtai_constructors_take_a_model_path(tmp_path: Path) -> None:
    code = '''
from txtai import Embeddings
from txtai.pipeline import Summary
emb = Embeddings(path="acme-lab/mpnet-search", content=True)
emb.save("acme-lab/index-out")
summary = Summary("acme-lab/distilbart-news")
print(emb.search("acme-lab/query-text"))
'''
    assert _found(tmp_path, {"m.py": code}) == {("hf-model", "acme-lab/mpnet-search"), ("hf-model", "acme-lab/distilbart-news")}


def test_constants_imported_from_sibling_modules_reach_loaders(tmp_path: Path) -> None:
    files = {
        "svc/__init__.py": "",
        "svc/settings.py": 'import os\nENCODER_ID = "acme-lab/named-encoder"\nBACKBONE = "acme-lab/backbone-7b"\n'
                           'RERANK = os.getenv("RERANK", "acme-lab/reranker-base")\nOUT = "acme-lab/pushed-here"\nINDEX = "data/index"\n',
        "svc/app.py": "from sentence_transformers import CrossEncoder\nfrom transformers import AutoModel\n"
                      "from .settings import BACKBONE, INDEX, OUT, RERANK\n"
                      "m = AutoModel.from_pretrained(BACKBONE)\nr = CrossEncoder(RERANK)\nm.push_to_hub(OUT)\nprint(INDEX)\n",
        "svc/cli.py": "from svc.settings import BACKBONE as B\nfrom transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained(B)\n",
        "other/unrelated.py": "from settings import BACKBONE\nfrom transformers import AutoModel\nAutoModel.from_pretrained(BACKBONE)\n",
    }
    refs = {(r.kind.value, r.identifier, r.location.path) for r in scan(tmp_path, files) if r.kind.value != "package"}
    assert refs == {
        ("hf-model", "acme-lab/named-encoder", "svc/settings.py"),  # model-named: reported where it is defined, once
        ("hf-model", "acme-lab/backbone-7b", "svc/app.py"), ("hf-model", "acme-lab/reranker-base", "svc/app.py"),
        ("hf-model", "acme-lab/backbone-7b", "svc/cli.py"),
    }


def test_imported_classes_named_like_models_take_a_positional_hub_id(tmp_path: Path) -> None:
    code = '''
from FlagEmbedding import FlagReranker
from lightning.pytorch.callbacks import ModelCheckpoint
from acme.nets import Classifier
r = FlagReranker("acme-lab/reranker-v2", use_fp16=True)
ckpt = ModelCheckpoint("checkpoints/best")
c = Classifier("acme-lab/clf-head")
tool = Formatter("acme-lab/not-a-model")
'''
    assert _found(tmp_path, {"m.py": code}) == {("hf-model", "acme-lab/reranker-v2"), ("hf-model", "acme-lab/clf-head")}


def test_pixi_tasks_are_command_lines_and_its_dependencies_packages(tmp_path: Path) -> None:
    toml = '''[project]
name = "x"
[tasks]
serve = "vllm serve acme-lab/chat-7b --port 8000"
lint = "ruff check ."
[dependencies]
python = "3.11.*"
pytorch = ">=2.3"
[pypi-dependencies]
vllm = ">=0.6"
[feature.dev.pypi-dependencies]
transformers = "*"
'''
    refs = scan(tmp_path, {"pixi.toml": toml})
    assert {(r.kind.value, r.identifier) for r in refs if r.kind.value != "package"} == {("hf-model", "acme-lab/chat-7b")}
    assert {"vllm", "transformers", "torch"} <= {r.identifier for r in refs if r.kind.value == "package"}


def test_module_namespaces_django_settings_and_model_args(tmp_path: Path) -> None:
    files = {
        "site/settings.py": 'SECRET_KEY = "x"\nSUMMARY_BACKEND = "acme-lab/bart-news"\nCHAT_MODEL = "acme-lab/chat-named"\n',
        "app/__init__.py": "",
        "app/config.py": 'BACKBONE = "acme-lab/vit-tiny"\n',
        "app/views.py": "from django.conf import settings\nfrom transformers import pipeline\n"
                        "p = pipeline('summarization', model=settings.SUMMARY_BACKEND)\n",
        "app/vision.py": "from . import config\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained(config.BACKBONE)\n",
        "evals.py": "import lm_eval\nlm_eval.simple_evaluate(model='hf', model_args='pretrained=acme-lab/pythia-tiny,dtype=float32')\n",
    }
    refs = {(r.kind.value, r.identifier, r.location.path) for r in scan(tmp_path, files) if r.kind.value != "package"}
    assert refs == {
        ("hf-model", "acme-lab/chat-named", "site/settings.py"), ("hf-model", "acme-lab/bart-news", "app/views.py"),
        ("hf-model", "acme-lab/vit-tiny", "app/vision.py"), ("hf-model", "acme-lab/pythia-tiny", "evals.py"),
    }


def test_container_mappings_hold_command_lines(tmp_path: Path) -> None:
    yaml = '''
templates:
  - name: train
    container:
      image: ghcr.io/acme/trainer:1.4.0
      command: [python, -m, trainer.sft]
      args: ["--dataset_name", "acme-lab/chats", "--output_dir", "/out"]
'''
    assert _found(tmp_path, {"wf.yaml": yaml}) == {("hf-dataset", "acme-lab/chats")}


def test_model_factories_presets_encoders_and_serve_verbs(tmp_path: Path) -> None:
    code = '''
import guidance
import keras_hub
import outlines
from lmdeploy import pipeline
from semantic_router.encoders import HuggingFaceEncoder, OpenAIEncoder
from semantic_router import Route
from django.db import models
m = outlines.models.transformers("acme-lab/phi-mini")
g = guidance.models.OpenAI("gpt-4o-mini")
k = keras_hub.models.GemmaCausalLM.from_preset("hf://acme-lab/gemma-keras")
b = keras_hub.models.BertTextClassifier.from_preset("bert_base_en_uncased")
p = pipeline("acme-lab/internvl-tiny")
e = HuggingFaceEncoder(name="acme-lab/minilm")
o = OpenAIEncoder(name="text-embedding-3-small")
r = Route(name="acme-lab/not-a-model", utterances=["x"])
class Row(models.Model):
    owner = models.ForeignKey("auth/User", on_delete=None)
'''
    assert _found(tmp_path, {"m.py": code}) == {
        ("hf-model", "acme-lab/phi-mini"), ("api-model", "gpt-4o-mini"), ("hf-model", "acme-lab/gemma-keras"),
        ("hf-model", "acme-lab/internvl-tiny"), ("hf-model", "acme-lab/minilm"), ("api-model", "text-embedding-3-small")}
    sh = "lmdeploy serve api_server acme-lab/internlm-chat --server-port 23333\nuv run scripts/train.py\nollama run llama3\n"
    assert ("hf-model", "acme-lab/internlm-chat") in _found(tmp_path, {"serve.sh": sh})
    assert not any(i.startswith("scripts") for _, i in _found(tmp_path, {"serve.sh": sh}))
