"""``transformers.pipeline(task)`` with no model downloads the task's default model: a dependency the code never names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.discover.python.pipeline_defaults import default_model


def refs(tmp_path: Path, code: str) -> set[tuple[str, str, str, str]]:
    (tmp_path / "app.py").write_text(code)
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return {(r["kind"], r["id"], r["detector"], r["confidence"]) for r in json.loads(result.output)["references"]}


def test_a_pipeline_without_a_model_depends_on_the_tasks_default(tmp_path: Path) -> None:
    found = refs(tmp_path, (
        "from transformers import pipeline\n"
        "import transformers\n"
        "clf = pipeline('sentiment-analysis')\n"
        "ner = pipeline(task='ner', aggregation_strategy='simple')\n"
        "TASK = 'translation_en_to_fr'\n"
        "tr = transformers.pipeline(TASK)\n"
        "vid = pipeline('video-classification')\n"
    ))
    assert {(k, i) for k, i, _, _ in found} == {
        ("hf-model", "distilbert/distilbert-base-uncased-finetuned-sst-2-english"),
        ("hf-model", "dbmdz/bert-large-cased-finetuned-conll03-english"),
        ("hf-model", "google-t5/t5-base"),
        ("hf-model", "MCG-NJU/videomae-base-finetuned-kinetics"),
    }
    assert all(d == "python:pipeline default" and c == "medium" for _, _, d, c in found)


def test_a_model_given_any_way_is_never_replaced_by_the_default(tmp_path: Path) -> None:
    found = refs(tmp_path, (
        "import sys\nfrom transformers import pipeline\n"
        "a = pipeline('text-generation', model='Qwen/Qwen2.5-0.5B-Instruct')\n"
        "b = pipeline('summarization', 'facebook/bart-large-cnn')\n"
        "c = pipeline('text-generation', model=sys.argv[1])\n"
        "opts = {'model': sys.argv[2]}\n"
        "d = pipeline('fill-mask', **opts)\n"
        "e = pipeline(*sys.argv[1:])\n"
        "f = pipeline('no-such-task')\n"
        "import mylib\ng = mylib.pipeline('sentiment-analysis')\n"
    ))
    assert {i for _, i, _, _ in found} == {"Qwen/Qwen2.5-0.5B-Instruct", "facebook/bart-large-cnn"}


@pytest.mark.parametrize(("task", "repo"), [("text-to-speech", "suno/bark-small"), ("VQA", "dandelin/vilt-b32-finetuned-vqa"),
                                            ("translation_de_to_en", "google-t5/t5-base"), ("translation", "google-t5/t5-base"),
                                            ("conversational", None), ("", None)])
def test_task_names_and_aliases(task: str, repo: str | None) -> None:
    assert default_model(task) == repo


def test_embedding_wrappers_built_with_no_model_depend_on_their_default(tmp_path: Path) -> None:
    found = refs(tmp_path, (
        "from langchain_huggingface import HuggingFaceEmbeddings\n"
        "from langchain_community.embeddings import HuggingFaceBgeEmbeddings, FastEmbedEmbeddings\n"
        "from llama_index.embeddings.huggingface import HuggingFaceEmbedding\n"
        "from llama_index.core import Settings\n"
        "a = HuggingFaceEmbeddings()\n"
        "b = HuggingFaceBgeEmbeddings(model_kwargs={'device': 'cpu'})\n"
        "c = FastEmbedEmbeddings()\n"
        "Settings.embed_model = HuggingFaceEmbedding()\n"
        "d = HuggingFaceEmbeddings(model_name='sentence-transformers/all-MiniLM-L6-v2')\n"
        "import sys\ne = HuggingFaceEmbedding(model_name=sys.argv[1])\n"
        "opts = {}\nf = HuggingFaceBgeEmbeddings(**opts)\n"
    ))
    assert {(i, d) for _, i, d, _ in found} == {
        ("sentence-transformers/all-mpnet-base-v2", "python:HuggingFaceEmbeddings default"),
        ("BAAI/bge-large-en", "python:HuggingFaceBgeEmbeddings default"),
        ("BAAI/bge-small-en-v1.5", "python:FastEmbedEmbeddings default"),
        ("BAAI/bge-small-en-v1.5", "python:HuggingFaceEmbedding default"),
        ("sentence-transformers/all-MiniLM-L6-v2", "python:HuggingFaceEmbeddings"),
    }


def test_a_class_of_the_same_name_from_elsewhere_has_no_default(tmp_path: Path) -> None:
    found = refs(tmp_path, (
        "from mylib import HuggingFaceEmbeddings\n"
        "class HuggingFaceEmbedding:\n    pass\n"
        "a = HuggingFaceEmbeddings()\nb = HuggingFaceEmbedding()\n"
    ))
    assert found == set()
