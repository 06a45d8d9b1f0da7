"""Shapes found by sweeping Python AI applications the scanner had never seen (issue 19, sweep A: h2ogpt,
text-generation-webui, lerobot, MiniCPM-V, GLM-4): each file here is a small one written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.discover.python.detector import lower_pep695
from scanner.models import Reference

from .helpers import scan_with_gaps

_scan = scan_with_gaps


def _where(refs: list[Reference]) -> set[tuple[str, str, int | None]]:
    return {(r.kind.value, r.identifier, r.location.line) for r in refs if r.kind.value != "package"}


# ---- strings that name no model: Hub search tags, a loopback address, a rate limit -----------------------------------

def test_hub_search_tags_and_a_loopback_address_are_not_ollama_tags(tmp_path: Path) -> None:
    """h2ogpt's ``list_datasets(filter=...)`` tag lists (``license:mit``, ...) were 26 Ollama models, and a Helm
    value ``vllm:localhost:5000`` read by the fallback one more."""
    code = ("from huggingface_hub import list_datasets\n"
            "OPEN_TAGS = ['license:mit', 'license:apache-2.0', 'license:cc-by-4.0', 'language:en',\n"
            "             'task_categories:summarization', 'size_categories:1K<n<10K']\n"
            "found = [list_datasets(filter=tag) for tag in OPEN_TAGS]\n"
            "chat = Chat(model='localhost:5000')\nlocal = Chat(model='127.0.0.1:8080')\n"
            "real = Chat(model='qwen2:7b')\n")
    config = 'env:\n  - name: SERVER\n    value: "vllm:localhost:5000"\n  - name: MODEL\n    value: "llama3:8b"\n'
    refs, _ = _scan(tmp_path, {"tags.py": code, "deploy.yaml": config})
    assert _where(refs) == {("ollama", "qwen2:7b", 7), ("ollama", "llama3:8b", 5)}


def test_the_fallback_reads_no_hub_tag_or_loopback_port_as_a_model() -> None:
    from scanner.discover.fallback import fallback_hits

    line = b'x = {"filter": "license:apache-2.0", "server": "localhost:11434", "model": "mistral:7b"}\n'
    assert {(h.kind.value, h.identifier) for h in fallback_hits(line, python=False)} == {("ollama", "mistral:7b")}


def test_a_rate_limit_read_from_a_limiter_model_setting_is_not_a_hub_repo(tmp_path: Path) -> None:
    """``completion_limiter_model = os.getenv(..., '1/second')`` (slowapi's format) was the Hub repo ``1/second``."""
    code = ("import os\ncompletion_limiter_model = os.getenv('STATUS_LIMITER_MODEL', '1/second')\n"
            "embedding_limiter_model = '30/minute'\nrate_model = '5/m'\n"
            "embed_model = os.getenv('EMBED_MODEL', '01-ai/Yi-6B')\n")
    refs, _ = _scan(tmp_path, {"server.py": code})
    assert _where(refs) == {("hf-model", "01-ai/Yi-6B", 5)}


# ---- name inference: CMU ARCTIC speech files are not Snowflake Arctic ------------------------------------------------

def test_cmu_arctic_speaker_files_are_not_snowflake_arctic() -> None:
    """Speaker embeddings named after the CMU ARCTIC corpus (``cmu_us_awb_arctic-wav-arctic_a0002.npy``) were
    attributed to Snowflake (US) by the family pattern ``arctic``; Snowflake's own names still match."""
    from scanner.resolve import load_registry

    reg = load_registry()
    for name in ("cmu_us_awb_arctic-wav-arctic_a0002", "cmu-arctic-xvectors", "arctic_a0002"):
        assert reg.match_name(name) is None, name
    for name in ("snowflake-arctic-embed2", "snowflake-arctic-instruct", "arctic-embed-l-v2.0", "Arctic-Text2SQL-R1-7B"):
        found = reg.match_name(name)
        assert found is not None and found.developer.developer == "Snowflake", name


# ---- Colab form lines above a cell magic ---------------------------------------------------------------------------

def _notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": c.splitlines(keepends=True)} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_cell_magic_under_colab_form_lines_is_read_as_that_magic(tmp_path: Path) -> None:
    """``#@title`` / ``#@markdown`` lines above ``%%html``: the HTML was parsed as Python, a syntax error that left
    the notebook to the fallback scan; ``%%bash`` under a title was Python too, its download command unread."""
    html = '#@title 1. Keep alive { display-mode: "form" }\n\n#@markdown Press play:\n%%html\n<audio src="x.m4a" controls>\n'
    bash = "#@title 2. Fetch\n%%bash\nhuggingface-cli download acme-lab/chat-9b \\\n  --local-dir weights\n"
    python = "#@title 3. Load\n%%capture\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained('acme-lab/chat-7b')\n"
    refs, gaps = _scan(tmp_path, {"colab.ipynb": _notebook(html, bash, python)})
    assert gaps == {"colab.ipynb": []}
    assert {(r.kind.value, r.identifier, r.location.cell, r.location.line) for r in refs if r.kind.value != "package"} == {
        ("hf-model", "acme-lab/chat-9b", 2, 3), ("hf-model", "acme-lab/chat-7b", 3, 4)}


# ---- MODEL_URL holding a Hub file URL --------------------------------------------------------------------------------

def test_a_model_url_setting_names_the_hub_repo_of_its_file_url_and_nothing_else(tmp_path: Path) -> None:
    """``model_url = "https://huggingface.co/<org>/<repo>/resolve/main/x.gguf"`` handed to a download command in a
    notebook shell line was only found by the fallback scan of a notebook that did not parse; a ``*_url`` name holds
    a server address as often, so only Hub URLs count."""
    code = ('import os\nmodel_url = "https://huggingface.co/acme-lab/chat-9b-GGUF/resolve/main/chat-9b-Q4_K_M.gguf"\n'
            'os.system(f"python download-model.py {model_url}")\n'
            'MODEL_URL = "http://127.0.0.1:8080/v1"\nEMBEDDING_MODEL_URLS = ["https://hf.co/acme-lab/embed-small", "http://embed:80"]\n'
            'class Settings:\n    reranker_url = "http://reranker:8000"\n    model_base_url = "https://api.example.com/v1"\n')
    refs, _ = _scan(tmp_path, {"download.py": code})
    assert _where(refs) == {("hf-model", "acme-lab/chat-9b-GGUF", 2), ("hf-model", "acme-lab/embed-small", 5)}


# ---- PEP 695 on Python 3.11 ------------------------------------------------------------------------------------------

def test_pep695_written_on_one_line_is_lowered_and_fully_analysed(tmp_path: Path) -> None:
    """lerobot's ``type FeatureDict = dict[...]`` left 4 modules to the fallback scan on the 3.11 the scanner runs on
    (3.12 runs them): one-line type aliases and type parameter lists are lowered line for line, and parsed."""
    code = ("from transformers import AutoModel\n"
            "type FeatureDict = dict[str, dict[str, int]]\n"
            "type Pair[T: (int, str)] = tuple[T, T]\n"
            "def first[T](items: list[T]) -> T:\n    return items[0]\n"
            "class Box[T: dict[str, int]](Base):\n    type = 3\n"
            "def load[T](name: str = 'acme-lab/box-1b') -> T:\n    return AutoModel.from_pretrained(name)\n")
    refs, gaps = _scan(tmp_path, {"app.py": code})
    assert gaps == {"app.py": []}
    assert {(r.identifier, r.location.line, r.detector) for r in refs if r.kind.value != "package"} == {
        ("acme-lab/box-1b", 9, "python:from_pretrained")}


def test_pep695_lowering_keeps_lines_and_leaves_what_it_cannot_close() -> None:
    lowered = lower_pep695(b"type A = int\nasync def f[T](x: T): pass\nx = type(3)\ntype = 4\ndef g[T,\n  ](x): pass\n")
    assert lowered == b"A = int\nasync def f(x: T): pass\nx = type(3)\ntype = 4\ndef g[T,\n  ](x): pass\n"
    assert lower_pep695(b"x = 1\ntype == 2\n") is None
    assert lower_pep695(b"def h[" + b"[" * 5000 + b"\n") is None  # one pass over the line, no recursion


# ---- ``mistral:7b``: the Ollama library's Mistral, not Mistral's API -------------------------------------------------

def test_mistral_name_tags_are_ollama_and_pydantic_ai_prefixes_still_the_api(tmp_path: Path) -> None:
    """``mistral`` is both a pydantic-ai provider prefix and an Ollama library model: ``mistral:7b`` (the most common
    Ollama tag there is) was the Mistral API model ``7b`` (FR), ``mistral:latest`` the API model ``latest``."""
    code = ("from openai import OpenAI\nclient = OpenAI()\n"
            "a = client.chat.completions.create(model='mistral:7b', messages=[])\n"
            "b = Chat(model='mistral:latest')\nc = Chat(model='mistral:7b-instruct-q4_K_M')\n"
            "d = Agent(model='mistral:mistral-large-latest')\ne = Agent(model='mistral:codestral-latest')\n")
    refs, _ = _scan(tmp_path, {"chat.py": code})
    assert {(r.kind.value, r.identifier, r.provider, r.location.line) for r in refs if r.kind.value != "package"} == {
        ("ollama", "mistral:7b", None, 3), ("ollama", "mistral:latest", None, 4),
        ("ollama", "mistral:7b-instruct-q4_K_M", None, 5),
        ("api-model", "mistral-large-latest", "mistral", 6), ("api-model", "codestral-latest", "mistral", 7)}


# ---- a local server asked for a family's model -----------------------------------------------------------------------

def test_a_local_server_asked_for_a_family_model_is_an_openai_compatible_model(tmp_path: Path) -> None:
    """GLM-4's ``OpenAI(base_url="http://127.0.0.1:8000/v1/")`` asked for ``glm-4v``: a served-model name was always
    left out (an alias, named elsewhere), though it names the weights' family when it is one; other aliases still are."""
    code = ('from openai import OpenAI\nbase_url = "http://127.0.0.1:8000/v1/"\n'
            'client = OpenAI(api_key="EMPTY", base_url=base_url)\n'
            'a = client.chat.completions.create(model="glm-4v", messages=[])\n'
            'b = client.chat.completions.create(model="Qwen2.5-7B-Instruct", messages=[])\n'
            'c = client.chat.completions.create(model="chat-alias", messages=[])\n'
            'd = client.chat.completions.create(model="dummy-llama", messages=[])\n')
    refs, _ = _scan(tmp_path, {"request.py": code})
    assert {(r.kind.value, r.identifier, r.provider, r.location.line) for r in refs if r.kind.value != "package"} == {
        ("api-model", "glm-4v", "openai-compatible", 4), ("api-model", "Qwen2.5-7B-Instruct", "openai-compatible", 5)}


# ---- repo_id handed to an imported dataset class ---------------------------------------------------------------------

def test_a_repo_id_handed_to_an_imported_dataset_class_is_a_dataset(tmp_path: Path) -> None:
    """lerobot's ``LeRobotDataset(repo_id="lerobot/pusht")`` and its dataset helpers made 10 Hub datasets models
    (unknown origin, unpinned, unknown licence: 30 findings); a model keyword next to it, or a helper defined in the
    file (followed to what it loads), keeps the model reading."""
    code = ("from robolib.datasets import HubRobotDataset, save_dataset_to_disk, make_policy\n"
            "from transformers import AutoModel\n"
            "a = HubRobotDataset(repo_id='acme-lab/pick-place')\n"
            "b = save_dataset_to_disk('out', repo_id='acme-lab/stack-cups')\n"
            "c = make_policy(repo_id='acme-lab/act-policy')\n"
            "d = HubRobotDataset(model_id='acme-lab/vision-1b', repo_id='acme-lab/pour')\n"
            "class LocalDataset:\n    def __init__(self, repo_id):\n        self.m = AutoModel.from_pretrained(repo_id)\n"
            "e = LocalDataset(repo_id='acme-lab/hidden-7b')\n")
    refs, _ = _scan(tmp_path, {"train.py": code})
    assert _where(refs) == {("hf-dataset", "acme-lab/pick-place", 3), ("hf-dataset", "acme-lab/stack-cups", 4),
                            ("hf-model", "acme-lab/act-policy", 5), ("hf-model", "acme-lab/vision-1b", 6),
                            ("hf-model", "acme-lab/pour", 6), ("hf-model", "acme-lab/hidden-7b", 10)}


def test_a_hub_user_placeholder_is_no_organisation(tmp_path: Path) -> None:
    """lerobot's quickstart: ``HF_USER = "your_hf_username"`` then ``f"{HF_USER}/{DATASET_NAME}"`` made three repos."""
    code = ('HF_USER = "your_hf_username"\nDATASET_NAME = "my_so101_dataset"\n'
            'POLICY_REPO_ID = f"{HF_USER}/{DATASET_NAME}_act"\nBASE_MODEL_ID = "acme-lab/act-base"\n')
    refs, _ = _scan(tmp_path, {"quickstart.py": code})
    assert _where(refs) == {("hf-model", "acme-lab/act-base", 4)}


def test_a_storage_bucket_url_under_a_checkpoint_urls_name_is_no_model(tmp_path: Path) -> None:
    """Found comparing peft before and after the MODEL_URL change: ``_TASK_CHECKPOINT_URLS = {"x":
    "https://huggingface.co/buckets/<org>/<bucket>"}`` became the model ``buckets/<org>``; a Storage Bucket is no repo."""
    code = ('CHECKPOINT_URLS = {"math": "https://huggingface.co/buckets/acme-lab/math-ckpts",\n'
            '                   "chat": "https://huggingface.co/acme-lab/chat-7b/tree/main"}\n'
            'model = "https://huggingface.co/buckets/acme-lab/other"\n')
    refs, _ = _scan(tmp_path, {"app.py": code})
    assert _where(refs) == {("hf-model", "acme-lab/chat-7b", 2)}
