"""False-positive classes met on real repositories (bench/real_repos), one test each, and the misses fixed with them."""

from __future__ import annotations

from pathlib import Path

from .helpers import keys, scan


def _got(refs: list) -> set[tuple[str, str, int | None]]:
    return {(r.kind.value, r.identifier, r.location.line) for r in refs if r.kind.value != "package"}


def test_prefix_lists_and_comparisons_are_mentions_with_provider_support(tmp_path: Path) -> None:
    code = '''
PREFIXES = ["gpt-", "o1", "o3", "audio", "image"]


def supports(model_lower, provider, name):
    if provider == "openai":
        return any(model_lower.startswith(p) for p in ["gpt-", "o1", "o3", "o4", "whisper-"])
    if provider == "deepseek":
        return model_lower.startswith("deepseek")
    if name == "qwen-max":
        return True
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return True
    return "gpt-4" in name
'''
    refs = scan(tmp_path, {"llm.py": code})
    assert not [r for r in refs if r.kind.value in ("api-model", "hf-model", "ollama")]  # no model ids
    support = {(r.identifier, r.provider) for r in refs if r.kind.value == "mention"}
    assert ("deepseek", "deepseek") in support  # the family named in a comparison: provider support
    assert ("qwen-max", "dashscope") in support and ("gpt-", "openai") in support and ("o1", "openai") in support
    assert not any(ident in ("audio", "image") for ident, _ in support)  # no provider: not even a mention


def test_anthropic_beta_headers_are_not_models(tmp_path: Path) -> None:
    code = '''
import anthropic
client = anthropic.Anthropic()
client.beta.messages.create(model="claude-3-5-sonnet-20241022", betas=["computer-use-2025-01-24"], max_tokens=9, messages=[])
HEADERS = {"anthropic-beta": "computer-use-2025-01-24"}
'''
    assert keys(scan(tmp_path, {"agent.py": code})) == {("api-model", "claude-3-5-sonnet-20241022")}


def test_module_class_paths_are_not_ollama_tags(tmp_path: Path) -> None:
    code = 'app_model = "myapp.models:ChatModel"\nMODEL_HANDLER = "server.handlers:Handler"\nOLLAMA_MODEL = "qwen2.5:7b"\n'
    assert keys(scan(tmp_path, {"settings.py": code})) == {("ollama", "qwen2.5:7b")}


def test_tokenizer_files_are_not_api_models(tmp_path: Path) -> None:
    code = '''
from mistralai import Mistral
client = Mistral(api_key="k")
client.chat.complete(model="tekken.json", messages=[])
client.chat.complete(model="mistral-large-latest", messages=[])
'''
    assert keys(scan(tmp_path, {"chat.py": code})) == {("api-model", "mistral-large-latest")}


def test_stand_in_repos_of_cache_tests(tmp_path: Path) -> None:
    code = '''
from huggingface_hub import snapshot_download
def test_partial():
    snapshot_download("test/partial")
    snapshot_download(repo_id="model1/test")
    snapshot_download("concurrent/read-test")
    snapshot_download("hf-internal-testing/tiny-random-bert")
'''
    assert keys(scan(tmp_path, {"tests/test_cache.py": code})) == {("hf-model", "hf-internal-testing/tiny-random-bert")}


def test_workflow_actions_are_not_models(tmp_path: Path) -> None:
    workflow = """\
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: owner/repo@main
      - uses: huggingface/some-action@v1
      - run: |
          python serve.py --model-path meta-llama/Llama-3.1-8B
"""
    assert keys(scan(tmp_path, {".github/workflows/ci.yml": workflow})) == {("hf-model", "meta-llama/Llama-3.1-8B")}


def test_multi_line_commands_report_the_physical_line(tmp_path: Path) -> None:
    script = "#!/bin/bash\ndocker run --gpus all \\\n  -v $HOME:/root \\\n  -e X=1 \\\n  vllm/vllm-openai:latest \\\n  --model \\\n  Qwen/Qwen2.5-7B-Instruct\n"
    compose = ("services:\n  llm:\n    command: >\n      bash -c \"python -m vllm.entrypoints.openai.api_server\n"
               "      --model mistralai/Mistral-7B-Instruct-v0.3 --port 8000\"\n")
    workflow = "jobs:\n  t:\n    steps:\n      - run: |\n          python serve.py \\\n            --port 1 \\\n            --model-path lmsys/vicuna-7b-v1.5\n"
    refs = scan(tmp_path, {"run.sh": script, "docker-compose.yml": compose, ".github/workflows/t.yml": workflow})
    got = {(r.location.path, r.identifier, r.location.line) for r in refs if r.kind.value == "hf-model"}
    assert ("run.sh", "Qwen/Qwen2.5-7B-Instruct", 7) in got
    assert ("docker-compose.yml", "mistralai/Mistral-7B-Instruct-v0.3", 4) in got or (
        "docker-compose.yml", "mistralai/Mistral-7B-Instruct-v0.3", 5) in got
    assert (".github/workflows/t.yml", "lmsys/vicuna-7b-v1.5", 7) in got


def test_misses_dict_values_django_fields_and_migrations(tmp_path: Path) -> None:
    files = {
        "app.py": 'EMBEDDERS = {"small": "BAAI/bge-small-en-v1.5"}\nREPOS = {"docs": "someone/some-repo"}\n',
        "core/models.py": 'from django.db import models\nclass Settings(models.Model):\n'
                          '    embedding_model = models.CharField(max_length=100, default="thenlper/gte-small")\n',
        "core/migrations/0002_auto.py": 'from django.db import migrations, models\nclass Migration(migrations.Migration):\n'
                                        '    operations = [migrations.AddField(model_name="settings", name="llm", '
                                        'field=models.CharField(default="mistralai/Mistral-7B-Instruct-v0.2", max_length=200))]\n',
    }
    got = _got(scan(tmp_path, files))
    assert ("hf-model", "BAAI/bge-small-en-v1.5", 1) in got  # a Hub id of a known publisher as a dict value
    assert not any(i == "someone/some-repo" for _, i, _ in got)  # an unknown owner/repo may be a GitHub repository
    assert ("hf-model", "thenlper/gte-small", 3) in got
    assert ("hf-model", "mistralai/Mistral-7B-Instruct-v0.2", 3) in got


def test_self_attribute_binding_is_per_class(tmp_path: Path) -> None:
    code = '''
from openai import OpenAI
client = OpenAI()


class Embedder:
    def __init__(self):
        self.model_name = "BAAI/bge-m3"


class Chat:
    def __init__(self):
        self.model_name = "gpt-4o"

    def run(self):
        return client.chat.completions.create(model=self.model_name, messages=[])
'''
    got = _got(scan(tmp_path, {"svc.py": code}))
    assert ("api-model", "gpt-4o", 16) in got and ("hf-model", "BAAI/bge-m3", 8) in got
    assert not any(i == "BAAI/bge-m3" and line == 16 for _, i, line in got)  # not fed to the other class's call


def test_bash_c_strings_and_setup_py_deps_tables(tmp_path: Path) -> None:
    setup = 'from setuptools import setup\n_deps = [\n    "torch>=2.0",\n    "transformers==4.40.0",\n]\n' \
            'deps = {b: a for a, b in ((x, x.split(">")[0].split("=")[0]) for x in _deps)}\n' \
            'setup(name="x", install_requires=[deps["torch"], deps["transformers"]])\n'
    script = "bash -c \"python -m vllm.entrypoints.openai.api_server --model Qwen/Qwen2.5-7B-Instruct\"\n"
    refs = scan(tmp_path, {"setup.py": setup, "serve.sh": script})
    packages = {(r.identifier, r.location.line) for r in refs if r.kind.value == "package"}
    assert {("torch", 3), ("transformers", 4)} <= packages
    assert ("hf-model", "Qwen/Qwen2.5-7B-Instruct", 1) in _got(refs)


def test_a_ci_job_named_build_is_read(tmp_path: Path) -> None:
    workflow = "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          python serve.py --model-path lmsys/vicuna-7b-v1.5\n"
    assert keys(scan(tmp_path, {".github/workflows/ci.yml": workflow})) == {("hf-model", "lmsys/vicuna-7b-v1.5")}


def test_an_engine_backend_is_not_an_api_provider(tmp_path: Path) -> None:
    workflow = ("jobs:\n  t:\n    strategy:\n      matrix:\n        include:\n          - backend: turbomind\n            model: mllm\n"
                "          - backend: openai\n            model: gpt-4o-mini\n")
    assert keys(scan(tmp_path, {".github/workflows/e2e.yml": workflow})) == {("api-model", "gpt-4o-mini")}
