"""The JSON report validates against the documented schema and is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from scanner.config import build_config
from scanner.pipeline import run_scan
from scanner.report import REPORTERS

from .conftest import EXAMPLES, REPO

SCHEMA = json.loads((REPO / "scanner" / "schemas" / "report.schema.json").read_text())


def scan_json(project: Path, clock) -> dict:
    config = build_config(project, config_path=None, cli={"offline": True})
    return json.loads(REPORTERS["json"].render(run_scan(config, clock=clock)))


def test_examples_validate_against_schema(clock) -> None:
    for project in sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and p.name != "ci"):
        report = scan_json(project, clock)
        jsonschema.validate(report, SCHEMA)


def test_report_is_deterministic(clock) -> None:
    a = scan_json(EXAMPLES / "rag-service", clock)
    b = scan_json(EXAMPLES / "rag-service", clock)
    assert a == b
    assert a["generated_at"] == "2026-01-02T03:04:05Z"


def test_rag_service_references_and_findings(clock) -> None:
    report = scan_json(EXAMPLES / "rag-service", clock)
    models = {(r["kind"], r["id"], r["path"], r["line"]) for r in report["references"] if r["kind"] != "package"}
    assert models == {
        ("hf-model", "BAAI/bge-large-en-v1.5", "app/embeddings.py", 12),
        ("hf-model", "Qwen/Qwen2.5-7B-Instruct", "app/generator.py", 9),
        ("hf-model", "Qwen/Qwen2.5-7B-Instruct", "app/generator.py", 10),
        ("api-model", "deepseek-chat", "app/generator.py", 20),
        ("hf-model", "meta-llama/Llama-3.2-1B-Instruct", "app/rerank.py", 5),
        ("ollama", "llama3.1:8b", "app/local_chat.py", 6),
        ("hf-model", "sentence-transformers/all-MiniLM-L6-v2", "tests/test_embeddings.py", 5),
    }
    deepseek = next(r for r in report["references"] if r["id"] == "deepseek-chat")
    assert deepseek["provider"] == "deepseek"  # attributed through the OpenAI client's base_url
    test_ref = next(r for r in report["references"] if r["path"] == "tests/test_embeddings.py")
    assert test_ref["context"] == "test"
    packages = {p["name"]: (p["specifier"], p["pinned"]) for p in report["packages"]}
    assert packages["transformers"] == ("==4.46.3", True)
    assert packages["sentence-transformers"] == (">=3.0", False)
    assert "fastapi" not in packages and "numpy" not in packages
    by_model = {m["id"]: m for m in report["models"]}
    assert by_model["Qwen/Qwen2.5-7B-Instruct"]["origin"]["country"] == "CN"
    assert by_model["meta-llama/Llama-3.2-1B-Instruct"]["base"]["country"] == "US"
    high = {(f["rule_id"], f["subject"]) for f in report["findings"] if f["severity"] == "high"}
    assert ("AIS-ORIGIN-001", "Qwen/Qwen2.5-7B-Instruct") in high
    assert ("AIS-ORIGIN-001", "BAAI/bge-large-en-v1.5") in high
    assert report["summary"]["verdict"] == "fail"


def test_deployment_references(clock) -> None:
    """Infrastructure only: Dockerfile ENV + download, compose entrypoint and command, k8s args, script, Modelfile."""
    report = scan_json(EXAMPLES / "deployment", clock)
    refs = {(r["kind"], r["id"], r["path"], r["line"]) for r in report["references"] if r["kind"] != "package"}
    assert {
        ("hf-model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "Dockerfile", 2),
        ("hf-model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "Dockerfile", 4),
        ("ollama", "qwen2.5:14b", "docker-compose.yml", 7),
        ("hf-model", "BAAI/bge-m3", "docker-compose.yml", 10),
        ("hf-model", "mistralai/Mistral-7B-Instruct-v0.3", "k8s/deployment.yaml", 12),
        ("ollama", "gemma2:9b", "scripts/fetch_models.sh", 4),
        ("hf-model", "google/gemma-2-9b-it", "scripts/fetch_models.sh", 5),
        ("model-file", "models/assistant.Q4_K_M.gguf", "Modelfile", 1),
    } <= refs
    ids = {r["id"] for r in report["references"]}
    # container images, the served-model alias and local paths are not models
    assert not ids & {"vllm/vllm-openai:v0.6.3", "ollama/ollama:0.4.1", "r1", "r1:latest", "/models/r1", "models/gemma"}
    assert all(r["context"] == "infra" for r in report["references"] if r["path"] in ("Dockerfile", "scripts/fetch_models.sh"))
    packages = {p["name"]: (p["specifier"], p["pinned"]) for p in report["packages"]}
    assert packages["huggingface-hub"] == ("==0.26.2", True)
