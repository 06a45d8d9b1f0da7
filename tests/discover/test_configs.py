"""Config files, compose, Kubernetes and CI files."""

from __future__ import annotations

from pathlib import Path

from .helpers import keys, scan


def test_yaml_json_toml_ini_env(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "train.yaml": "base_model: Qwen/Qwen2.5-7B\nmodel_type: qwen2\noutput_dir: acme/out\ndatasets:\n  - path: tatsu-lab/alpaca\n",
        "eval.json": '{"judge": {"provider": "openai", "model": "gpt-4o-mini"}, "dataset": "openai/gsm8k"}',
        "rag.toml": '[llm]\nprovider = "ollama"\nmodel = "llama3.1"\n[embed]\nmodel_id = "BAAI/bge-m3"\n',
        "app.ini": "[model]\nmodel_name = microsoft/phi-2\ncheckpoint_dir = checkpoints/phi\n",
        ".env": "EMBEDDING_MODEL=thenlper/gte-base\nLOG_DIR=logs/app\nCHAT_MODEL=\n",
    })
    assert keys(refs) == {
        ("hf-model", "Qwen/Qwen2.5-7B"), ("hf-dataset", "tatsu-lab/alpaca"), ("api-model", "gpt-4o-mini"),
        ("hf-dataset", "openai/gsm8k"), ("ollama", "llama3.1:latest"), ("hf-model", "BAAI/bge-m3"),
        ("hf-model", "microsoft/phi-2"), ("hf-model", "thenlper/gte-base"),
    }
    line = next(r.location.line for r in refs if r.identifier == "tatsu-lab/alpaca")
    assert line == 5


def test_compose_kubernetes_and_ci(tmp_path: Path) -> None:
    compose = """services:
  vllm:
    image: vllm/vllm-openai:v0.6.3
    command: --model deepseek-ai/DeepSeek-R1-Distill-Llama-8B --served-model-name reasoner
    environment:
      - EMBED_MODEL=${EMBED_MODEL}
  tei:
    image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.5
    environment:
      MODEL_ID: intfloat/e5-large-v2
"""
    k8s = """spec:
  containers:
    - name: s
      image: lmsysorg/sglang:latest
      command: ["python3", "-m", "sglang.launch_server"]
      args: ["--model-path", "Qwen/Qwen2-VL-7B-Instruct"]
      env:
        - name: MODEL_NAME
          value: google/gemma-2-2b-it
"""
    ci = """env:
  SMOKE_MODEL: hf-internal-testing/tiny-random-gpt2
jobs:
  t:
    steps:
      - uses: actions/checkout@v4
      - run: pip install transformers==4.46.0 && huggingface-cli download ${{ env.SMOKE_MODEL }}
"""
    refs = scan(tmp_path, {"docker-compose.yml": compose, "k8s/dep.yaml": k8s, ".github/workflows/ci.yml": ci})
    assert keys(refs, packages=True) == {
        ("hf-model", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"), ("model-slot", "EMBED_MODEL"), ("hf-model", "intfloat/e5-large-v2"),
        ("hf-model", "Qwen/Qwen2-VL-7B-Instruct"), ("hf-model", "google/gemma-2-2b-it"),
        ("hf-model", "hf-internal-testing/tiny-random-gpt2"), ("package", "transformers"),
    }
    assert {r.context.value for r in refs} == {"infra"}


def test_model_folder_and_card(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "m/bot/config.json": '{"_name_or_path": "Qwen/Qwen2.5-0.5B", "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2"}',
        "m/bot/README.md": "---\nbase_model: Qwen/Qwen2.5-0.5B\ndatasets:\n- acme/tickets\n---\n# bot\n",
        "web/config.json": '{"model": "support-bot", "theme": "dark"}',
        "broken.yaml": "a: [unclosed\n",
    })
    assert keys(refs) == {("model-file", "m/bot"), ("hf-model", "Qwen/Qwen2.5-0.5B"), ("hf-dataset", "acme/tickets")}


def test_bad_input_is_quiet_and_bounded(tmp_path: Path) -> None:
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    rows.append("model: [*i, *i, *i]")
    refs = scan(tmp_path, {
        "bomb.yaml": "\n".join(rows) + "\n",  # "billion laughs": aliases expand to 9**10 leaves
        "n.ipynb": '{"cells": 5}',
        "x.py": b"\x00\x01binary",
        "README.md": "---\nbase_model: [unclosed\n",
        "c.json": '{"model": ',
    })
    assert refs == []
