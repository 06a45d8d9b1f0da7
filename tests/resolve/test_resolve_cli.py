"""``aiscan resolve``: answers from the knowledge base; ``--explain`` shows how; user overrides from config."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from scanner.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_explain_shows_steps_lineage_teacher_and_date() -> None:
    result = run("resolve", "--offline", "--explain", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "developer: DeepSeek (CN) [registry, high]" in out
    assert "how:       organisation 'deepseek-ai' -> DeepSeek" in out
    assert "-[distillation]-> Qwen/Qwen2.5-Math-7B (registry:lineage)" in out
    assert "teacher:   deepseek-ai/DeepSeek-R1 (DeepSeek, CN)" in out
    assert "knowledge: bundled registry as of 2026-12-01" in out


def test_without_explain_no_steps() -> None:
    out = run("resolve", "--offline", "qwen2.5:7b").stdout
    assert "developer: Alibaba Cloud (Qwen team) (CN)" in out and "how:" not in out


def test_json_keeps_resolution_trace() -> None:
    result = run("resolve", "--offline", "--format", "json", "gpt-4o", "TheBloke/Llama-2-7B-Chat-GGUF")
    models = json.loads(result.stdout)["models"]
    assert models[0]["origin"]["developer"] == "OpenAI"
    assert models[1]["origin"]["country"] == "US" and models[1]["extra"]["resolution"]


def test_config_registry_overrides(tmp_path: Path) -> None:
    cfg = tmp_path / ".aiscan.yaml"
    cfg.write_text("registry:\n  organizations:\n    - {namespace: acme-ai, developer: ACME GmbH, country: DE, kind: company}\n"
                   "  models:\n    - {model: acme-ai/assistant-7b, base: Qwen/Qwen2.5-7B-Instruct, relation: finetune}\n",
                   encoding="utf-8")
    result = run("resolve", "--offline", "--explain", "--config", str(cfg), "acme-ai/assistant-7b")
    assert result.exit_code == 0, result.output
    assert "developer: ACME GmbH (DE) [user-config, high]" in result.stdout
    assert "base:      Alibaba Cloud (Qwen team) (CN)" in result.stdout
    assert "(user-config:lineage)" in result.stdout


def test_bad_config_registry_is_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / ".aiscan.yaml"
    cfg.write_text("registry:\n  organizations:\n    - {namespace: acme-ai, developer: ACME, country: Germany, kind: company}\n",
                   encoding="utf-8")
    result = run("resolve", "--offline", "--config", str(cfg), "acme-ai/x")
    assert result.exit_code == 2
    assert "unknown country code 'Germany'" in result.stderr
