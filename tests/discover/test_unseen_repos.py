"""Shapes found by sweeping real repositories the scanner had never seen (issue 19, session 4): each file here is a
small one written for the test, shaped like what the sweep found (lm-evaluation-harness, accelerate, NeMo,
sentence-transformers)."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.discover.configtree import load_tree, strip_jsonc

from .helpers import keys, scan_with_gaps

_scan = scan_with_gaps


def _notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": cell.splitlines(keepends=True)} for cell in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# ---- JSON with comments, concatenated JSON ---------------------------------------------------------------------------

DEVCONTAINER = """// VS Code reads this file as JSONC
{
    "name": "dev",
    "build": {
        // comment/uncomment the line for a GPU machine
        "dockerfile": "../docker/cpu/Dockerfile"
//        "dockerfile": "../docker/gpu/Dockerfile"
    },
    /* a block
       comment */
    "url": "https://example.org/a//b",
    "containerEnv": {"EMBEDDING_MODEL": "BAAI/bge-small-en-v1.5",},
    "runArgs": ["--ipc", "host",],
}
"""


def test_json_with_comments_is_read_as_jsonc_and_keeps_its_lines(tmp_path: Path) -> None:
    refs, gaps = _scan(tmp_path, {".devcontainer/devcontainer.json": DEVCONTAINER, "settings.jsonc": DEVCONTAINER})
    assert gaps == {".devcontainer/devcontainer.json": [], "settings.jsonc": []}
    assert {(r.location.path, r.identifier, r.location.line) for r in refs} == {
        (".devcontainer/devcontainer.json", "BAAI/bge-small-en-v1.5", 12), ("settings.jsonc", "BAAI/bge-small-en-v1.5", 12)}
    tree = load_tree("devcontainer.json", DEVCONTAINER)
    assert tree["url"] == "https://example.org/a//b" and tree["build"] == {"dockerfile": "../docker/cpu/Dockerfile"}


def test_jsonc_stripping_keeps_every_line_and_column_and_invalid_json_keeps_the_strict_error() -> None:
    text = '{"a": "x // not a comment", /* c\nd */ "b": [1, 2,],}'
    relaxed = strip_jsonc(text)
    assert len(relaxed) == len(text) and relaxed.count("\n") == text.count("\n")
    assert json.loads(relaxed) == {"a": "x // not a comment", "b": [1, 2]}
    problems: list[str] = []
    assert load_tree("bad.json", '{"model": "org/name" /* unterminated', problems) is None
    assert problems == ["Expecting ',' delimiter: line 1 column 22 (char 21)"]


def test_concatenated_json_documents_are_read_one_by_one(tmp_path: Path) -> None:
    stream = '{\n  "status": "broken",\n  "uri": "https://x.org"\n}\n{\n  "model_id": "acme-lab/linked-model"\n}\n'
    refs, gaps = _scan(tmp_path, {"docs/output.json": stream})
    assert gaps == {"docs/output.json": []}
    assert [(r.identifier, r.location.line) for r in refs] == [("acme-lab/linked-model", 6)]


# ---- notebooks: IPython's own syntax -----------------------------------------------------------------------------------

def test_notebook_shell_magic_continued_with_backslashes_is_one_command(tmp_path: Path) -> None:
    nb = _notebook(
        "import os",
        "%env LOG_LEVEL=DEBUG\n!lm_eval \\\n    --model hf \\\n    --model_args pretrained=acme-lab/pythia-mini,trust_remote_code=True \\\n"
        "    --tasks hellaswag",
        "%%bash\npython train.py \\\n  --model_name_or_path acme-lab/bash-cell-model\n",
    )
    refs, gaps = _scan(tmp_path, {"eval.ipynb": nb})
    assert gaps == {"eval.ipynb": []}
    assert {(r.identifier, r.location.cell, r.location.line, r.trust_remote_code) for r in refs} == {
        ("acme-lab/pythia-mini", 2, 4, True), ("acme-lab/bash-cell-model", 3, 3, False)}


def test_notebook_ipython_forms_parse(tmp_path: Path) -> None:
    nb = _notebook(
        "    !pip install acme-sdk\n    model_id = 'acme-lab/indented-cell'",  # IPython drops the first line's indentation
        "files = !ls data\nWORK_DIR = !pwd\nls ./embeddings/\ncd data",  # system assignment, automagic
        "pip install sagemaker",  # automagic pip
        "%run -i scripts/infer.py \\\n    --model_name_or_path acme-lab/run-magic",
        "from transformers import AutoModel\nmsg = 'loaded %s in %s' \\\n    % ('a', 'b')\nAutoModel.from_pretrained(model_id)",
    )
    refs, gaps = _scan(tmp_path, {"tour.ipynb": nb})
    assert gaps == {"tour.ipynb": []}
    found = {(r.kind.value, r.identifier, r.location.cell) for r in refs}
    assert {("hf-model", "acme-lab/indented-cell", 5), ("hf-model", "acme-lab/run-magic", 4)} <= found
    assert {("package", "acme-sdk", 1), ("package", "sagemaker", 3)} <= found


# ---- remote code switched on in command lines -----------------------------------------------------------------------

def test_trust_remote_code_flags_in_commands(tmp_path: Path) -> None:
    script = ("vllm serve acme-lab/served-7b --trust-remote-code\n"
              "python train.py --model_name_or_path acme-lab/hf-args --trust_remote_code True\n"
              "python train.py --model_name_or_path acme-lab/off --trust_remote_code False\n"
              "lm_eval --model hf --model_args pretrained=acme-lab/lm-eval-args,trust_remote_code=True\n"
              "python serve.py --config conf.yaml --trust-remote-code\n"
              "lm_eval --model hf --model_args pretrained=acme-lab/plain\n")
    refs, _ = _scan(tmp_path, {"run.sh": script})
    assert {(r.identifier, r.location.line, r.trust_remote_code) for r in refs} == {
        ("acme-lab/served-7b", 1, True), ("acme-lab/hf-args", 2, True), ("acme-lab/off", 3, False),
        ("acme-lab/lm-eval-args", 4, True), ("model of this command", 5, True), ("acme-lab/plain", 6, False)}


def test_python_model_args_string_turns_remote_code_on(tmp_path: Path) -> None:
    code = ("import lm_eval\nlm_eval.simple_evaluate(model='hf', model_args='pretrained=acme-lab/eval-me,trust_remote_code=True')\n"
            "lm_eval.simple_evaluate(model='hf', model_args='pretrained=acme-lab/plain-eval')\n")
    refs, _ = _scan(tmp_path, {"ev.py": code})
    assert {(r.identifier, r.trust_remote_code) for r in refs if r.kind.value == "hf-model"} == {
        ("acme-lab/eval-me", True), ("acme-lab/plain-eval", False)}


# ---- keys, keywords and outputs ------------------------------------------------------------------------------------

def test_pretrained_keyword_of_an_unknown_class_and_dataset_path_key(tmp_path: Path) -> None:
    files = {
        "t.py": "from lm_eval.models.huggingface import HFLM\nimport torchvision\n"
                "lm = HFLM(pretrained='acme-lab/pythia-70m', device='cpu')\nnet = torchvision.models.resnet50(pretrained=True)\n",
        "tasks/arc.yaml": "task: arc_x\ndataset_path: acme-lab/arc-translated\ndataset_name: en\noutput_type: multiple_choice\n"
                          "process_docs: !function utils.process_docs\n",
        "tasks/local.yaml": "task: local\ndataset_path: json\ndataset_kwargs:\n  data_files: data/test.jsonl\n",
    }
    assert keys(_scan(tmp_path, files)[0]) == {("hf-model", "acme-lab/pythia-70m"), ("hf-dataset", "acme-lab/arc-translated")}


def test_files_inside_a_repo_and_pushed_repos_are_not_models(tmp_path: Path) -> None:
    code = '''from sentence_transformers import CrossEncoder, SentenceTransformer
student_model_name = "acme-lab/tiny-student"
student = SentenceTransformer(student_model_name)
CrossEncoder("acme-lab/reranker-ov", backend="openvino", model_kwargs={"file_name": "openvino/openvino_model.xml"})
if "/" in student_model_name:
    student_model_name = student_model_name.split("/")[-1]
repo_id = f"{student_model_name}-distilled"
student.push_to_hub(repo_id)
'''
    assert keys(_scan(tmp_path, {"distil.py": code})[0]) == {("hf-model", "acme-lab/tiny-student"),
                                                            ("hf-model", "acme-lab/reranker-ov")}


def test_hydra_overrides_naming_models_in_commands(tmp_path: Path) -> None:
    script = ("python train.py \\\n  trainer.devices=1 \\\n  model.language_model.pretrained_model_name=bert-base-uncased \\\n"
              "  model.encoder_tokenizer.tokenizer_model=/data/spm_4k.model \\\n  +model.encoder.model_name=acme-lab/hydra-enc \\\n"
              "  model.tokenizer.tokenizer_name=$TOK \\\n  model.train_ds.manifest_filepath=/data/train.json\n")
    refs, _ = _scan(tmp_path, {"train.sh": script})
    assert {(r.identifier, r.location.line) for r in refs} == {("google-bert/bert-base-uncased", 3), ("acme-lab/hydra-enc", 5)}


def test_script_and_image_paths_are_not_hub_repos(tmp_path: Path) -> None:
    setup = ("from setuptools import setup\nscripts = ['bin/deepspeed', 'bin/deepspeed.pt', 'bin/ds', 'bin/ds_ssh', 'bin/ds_report',\n"
             "           'bin/ds_bench', 'bin/dsr', 'bin/ds_elastic', 'bin/ds_io', 'bin/ds_report.bat']\nsetup(name='x', scripts=scripts)\n")
    nb = _notebook("from transformers import AutoModel\nAutoModel.from_pretrained('acme-lab/real-one')\nshow('images/pipeline.png')\n"
                   "see('asr/models.rst')")
    found = keys(_scan(tmp_path, {"setup.py": setup, "tour.ipynb": nb})[0])
    assert found == {("hf-model", "acme-lab/real-one")}


def test_a_continued_command_places_each_id_on_the_line_naming_it(tmp_path: Path) -> None:
    script = ("swift rlhf \\\n    --model acme-lab/Qwen9-3B \\\n    --external_plugins plugin/gsm8k/gsm8k_plugin.py \\\n"
              "    --output_dir output/Qwen9-3B-lora \\\n    --dataset 'acme-lab/gsm8k'\n"
              "python run.py \\\n    --output_dir out/bert-base-uncased-x \\\n    --model bert-base-uncased\n")
    refs, _ = _scan(tmp_path, {"train.sh": script})
    assert {(r.identifier, r.location.line) for r in refs} == {
        ("acme-lab/Qwen9-3B", 2), ("acme-lab/gsm8k", 5), ("google-bert/bert-base-uncased", 8)}


def test_pretrained_archive_maps_are_catalogues(tmp_path: Path) -> None:
    rows = "".join(f"    '{name}': 'https://s3.amazonaws.com/models.huggingface.co/bert/{name}.tar.gz',\n"
                   for name in ("bert-base-uncased", "bert-large-uncased", "bert-base-cased"))
    refs, _ = _scan(tmp_path, {"modeling_bert.py": f"PRETRAINED_MODEL_ARCHIVE_MAP = {{\n{rows}}}\n"})
    assert {(r.identifier, r.context.value) for r in refs} == {
        ("google-bert/bert-base-uncased", "catalog"), ("google-bert/bert-large-uncased", "catalog"),
        ("google-bert/bert-base-cased", "catalog")}


def test_sentence_transformers_bare_names_load_from_its_organisation(tmp_path: Path) -> None:
    code = '''from sentence_transformers import CrossEncoder, SentenceTransformer
from langchain_huggingface import HuggingFaceEmbeddings
EMBED = "all-MiniLM-L6-v2"
a = SentenceTransformer(EMBED)
b = HuggingFaceEmbeddings(model_name="multi-qa-mpnet-base-dot-v1")
c = SentenceTransformer("xlm-roberta-base")  # an old org-less Transformers model: not prefixed
d = SentenceTransformer("my-model")  # a stand-in
e = SentenceTransformer("./output/run_1")
f = CrossEncoder("ms-marco-MiniLM-L6-v2")  # CrossEncoder does not prefix
'''
    assert keys(_scan(tmp_path, {"emb.py": code})[0]) == {
        ("hf-model", "sentence-transformers/all-MiniLM-L6-v2"), ("hf-model", "sentence-transformers/multi-qa-mpnet-base-dot-v1"),
        ("hf-model", "FacebookAI/xlm-roberta-base"), ("model-file", "output/run_1")}


def test_a_bare_name_saved_to_in_the_same_file_is_a_local_folder(tmp_path: Path) -> None:
    code = ("from sentence_transformers import SentenceTransformer\nm = SentenceTransformer(modules=[])\n"
            "m.save('tmp-clip-model')\nm = SentenceTransformer('tmp-clip-model')\nn = SentenceTransformer('clip-ViT-B-32')\n")
    assert keys(_scan(tmp_path, {"clip.py": code})[0]) == {("hf-model", "sentence-transformers/clip-ViT-B-32")}


def test_nested_dataset_flags(tmp_path: Path) -> None:
    script = ("python -m openrlhf.cli.train_ppo \\\n  --actor.model_name_or_path acme-lab/sft-8b \\\n"
              "  --data.prompt_dataset acme-lab/prompt-collection \\\n  --data.input_key context_messages \\\n"
              "  --data.max_len 2048\n")
    refs, _ = _scan(tmp_path, {"train_ppo.sh": script})
    assert {(r.kind.value, r.identifier, r.location.line) for r in refs} == {
        ("hf-model", "acme-lab/sft-8b", 2), ("hf-dataset", "acme-lab/prompt-collection", 3)}


def test_names_like_shell_commands_stay_python_when_the_cell_parses(tmp_path: Path) -> None:
    nb = _notebook("from transformers import AutoModel\nmore = 1\ntotal = (2 +\n    more if more else 0)\n"
                   "AutoModel.from_pretrained('acme-lab/kept-model')")
    refs, gaps = _scan(tmp_path, {"calc.ipynb": nb})
    assert gaps == {"calc.ipynb": []} and keys(refs) == {("hf-model", "acme-lab/kept-model")}
