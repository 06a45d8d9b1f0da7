"""The Python analyser: loaders, clients and providers, value following, precision rules."""

from __future__ import annotations

from pathlib import Path

from .helpers import keys, scan


def test_follows_constants_fstrings_env_defaults_and_containers(tmp_path: Path) -> None:
    code = '''
import os
from transformers import AutoModel, pipeline
from sentence_transformers import SentenceTransformer
ORG = "Qwen"
SIZE = "7B"
MODELS = {"a": "BAAI/bge-m3", "b": "intfloat/e5-base-v2"}
EMBED = os.getenv("EMBED", "thenlper/gte-small")
SLOT = os.environ["GEN_MODEL"]
m = AutoModel.from_pretrained(f"{ORG}/Qwen2.5-" + SIZE + "-Instruct", revision="v1", trust_remote_code=True)
for name, repo in MODELS.items():
    SentenceTransformer(repo)
e = SentenceTransformer(EMBED)
g = pipeline("text-generation", model=SLOT)
'''
    refs = scan(tmp_path, {"app.py": code})
    assert keys(refs) == {
        ("hf-model", "Qwen/Qwen2.5-7B-Instruct"), ("hf-model", "BAAI/bge-m3"), ("hf-model", "intfloat/e5-base-v2"),
        ("hf-model", "thenlper/gte-small"), ("model-slot", "GEN_MODEL"),
    }
    qwen = next(r for r in refs if r.identifier == "Qwen/Qwen2.5-7B-Instruct")
    assert qwen.revision == "v1" and qwen.trust_remote_code and qwen.location.line == 10


def test_openai_compatible_clients_take_the_provider_from_base_url(tmp_path: Path) -> None:
    code = '''
from openai import OpenAI
ds = OpenAI(base_url="https://api.deepseek.com/v1")
kimi = OpenAI(base_url="https://api.moonshot.cn/v1")
plain = OpenAI()
local = OpenAI(base_url="http://localhost:8000/v1")
ds.chat.completions.create(model="deepseek-chat", messages=[])
kimi.chat.completions.create(model="moonshot-v1-8k", messages=[])
plain.embeddings.create(model="text-embedding-3-small", input=["x"])
local.chat.completions.create(model="my-alias", messages=[])
local.chat.completions.create(model="Qwen/Qwen2.5-1.5B-Instruct", messages=[])
'''
    refs = scan(tmp_path, {"llm.py": code})
    got = {(r.kind.value, r.identifier, r.provider) for r in refs}
    assert got == {
        ("api-model", "deepseek-chat", "deepseek"), ("api-model", "moonshot-v1-8k", "moonshot"),
        ("api-model", "text-embedding-3-small", "openai"), ("hf-model", "Qwen/Qwen2.5-1.5B-Instruct", None),
    }


def test_sdks_wrappers_and_litellm(tmp_path: Path) -> None:
    code = '''
import anthropic, litellm, ollama
from langchain_ollama import ChatOllama
from langchain_community.chat_models import ChatTongyi
c = anthropic.Anthropic()
c.messages.create(model="claude-3-5-haiku-latest", max_tokens=5, messages=[])
litellm.completion(model="deepseek/deepseek-chat", messages=[])
litellm.completion(model="ollama/llama3.2", messages=[])
ChatOllama(model="qwen2.5:7b")
ChatTongyi(model_name="qwen-max")
ollama.pull("phi4")
'''
    refs = scan(tmp_path, {"a.py": code})
    got = {(r.kind.value, r.identifier, r.provider) for r in refs}
    assert got == {
        ("api-model", "claude-3-5-haiku-latest", "anthropic"), ("api-model", "deepseek-chat", "deepseek"),
        ("ollama", "llama3.2:latest", None), ("ollama", "qwen2.5:7b", None), ("api-model", "qwen-max", "dashscope"),
        ("ollama", "phi4:latest", None),
    }


def test_parameters_are_followed_to_callers(tmp_path: Path) -> None:
    code = '''
from transformers import AutoModel
def load(repo, revision=None):
    return AutoModel.from_pretrained(repo, revision=revision)
class Encoder:
    def __init__(self, name="google/flan-t5-small"):
        self.m = AutoModel.from_pretrained(name)
load("facebook/opt-125m")
Encoder("google/t5-efficient-tiny")
'''
    assert keys(scan(tmp_path, {"x.py": code})) == {
        ("hf-model", "facebook/opt-125m"), ("hf-model", "google/flan-t5-small"), ("hf-model", "google/t5-efficient-tiny"),
    }


def test_not_models(tmp_path: Path) -> None:
    code = '''
"""Uses meta-llama/Llama-2-7b-hf (docstring)."""
import tiktoken
from datasets import load_dataset
from transformers import AutoModel
# Qwen/Qwen2.5-7B in a comment
enc = tiktoken.encoding_for_model("gpt-4o")
ds = load_dataset("allenai/c4", "en")
OUTPUT_DIR = "acme/finetuned"
MODEL_TYPE = "llama"
m = AutoModel.from_pretrained("./checkpoints/run-3")
m.push_to_hub("acme/finetuned-v2")
m.save_pretrained("acme/local-copy")
AutoModel.from_pretrained("foo/bar")
'''
    got = keys(scan(tmp_path, {"y.py": code}))
    assert got == {("hf-dataset", "allenai/c4"), ("model-file", "checkpoints/run-3")}


def test_test_files_are_marked_and_syntax_errors_are_quiet(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"tests/test_m.py": 'from transformers import AutoModel\nAutoModel.from_pretrained("prajjwal1/bert-tiny")\n',
                           "broken.py": "from transformers import (\nmodel = 'x/y'"})
    assert [(r.identifier, r.context.value) for r in refs] == [("prajjwal1/bert-tiny", "test")]
