"""Shapes found by sweeping deployment and JavaScript/TypeScript repositories the scanner had never seen (issue 19,
sweep B: chat-ui, vLLM production-stack, KServe, modelmesh-serving, text-embeddings-inference): each file here is a
small one written for the test."""

from __future__ import annotations

from pathlib import Path

from scanner.discover.classify import classify
from scanner.discover.ids import hf_repo
from scanner.discover.names import is_model_name
from scanner.models import Reference

from .helpers import scan_with_gaps

_scan = scan_with_gaps


def _where(refs: list[Reference]) -> set[tuple[str, str, int | None]]:
    return {(r.kind.value, r.identifier, r.location.line) for r in refs if r.kind.value != "package"}


# ---- false positives ------------------------------------------------------------------------------------------------------

def test_cidr_blocks_and_a_user_agent_are_not_hub_ids(tmp_path: Path) -> None:
    """chat-ui's SSRF guard lists private IPv4 blocks (``["10.0.0.0/8", "127.0.0.0/8", ...]``): 11 references and 7
    models; KServe's link checker sends ``"User-Agent": "Mozilla/5.0"``. A Hub namespace is never an IPv4 address,
    and the Mozilla organisation's repositories are not named by a version."""
    ts = 'const BLOCKED = ["0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "192.168.0.0/16"];\n'
    py = 'HEADERS = {"User-Agent": "Mozilla/5.0"}\nmodel = AutoModel.from_pretrained("acme-labs/real-1b")\n'
    refs, _ = _scan(tmp_path, {"src/urlSafety.ts": ts, "check.py": py})
    assert _where(refs) == {("hf-model", "acme-labs/real-1b", 2)}
    assert hf_repo("Mozilla/5.0") is None and hf_repo("192.168.0.0/16") is None
    assert hf_repo("Mozilla/Meta-Llama-3-8B-Instruct-llamafile") == "Mozilla/Meta-Llama-3-8B-Instruct-llamafile"


def test_a_display_name_is_a_label(tmp_path: Path) -> None:
    """chat-ui's ``PUBLIC_LLM_ROUTER_DISPLAY_NAME: "Omni"`` was an API model of the HF router."""
    values = 'envVars:\n  OPENAI_BASE_URL: "https://router.huggingface.co/v1"\n  LLM_DISPLAY_NAME: "Omni"\n  LLM_MODEL: "acme/x-1b"\n'
    refs, _ = _scan(tmp_path, {"values.yaml": values})
    assert {r.identifier for r in refs} == {"acme/x-1b"}
    assert not is_model_name("MODEL_DISPLAY_NAME") and is_model_name("MODEL_NAME")


def test_plain_words_are_not_api_models_without_a_provider(tmp_path: Path) -> None:
    """KServe: ``--model_name=spark-pmml-iris`` (an Apache Spark model served by name) was an iFLYTEK Spark API model
    (a false HIGH AIS-API-001, China); ``'command': 'command'`` and a Helm template's ``echo "... vllm command ..."``
    were Cohere's ``command``. iFLYTEK's names are matched exactly; "command" needs a Cohere slot."""
    deploy = "spec:\n  containers:\n  - name: m\n    args: [\"--model_name=spark-pmml-iris\", \"--model_dir=/mnt/models\"]\n"
    py = "ATTRIBUTES = {'command': 'command', 'args': 'args'}\nmodel = 'command'\n"
    refs, _ = _scan(tmp_path, {"deploy.yaml": deploy, "spec.py": py})
    assert _where(refs) == set()
    assert classify("command", "api", "cohere") is not None and classify("command-r-plus") is not None
    assert classify("spark-lite") is not None and classify("spark-max") is not None
