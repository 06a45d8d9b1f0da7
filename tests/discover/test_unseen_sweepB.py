"""Shapes found by sweeping deployment and JavaScript/TypeScript repositories the scanner had never seen (issue 19,
sweep B: chat-ui, vLLM production-stack, KServe, modelmesh-serving, text-embeddings-inference): each file here is a
small one written for the test."""

from __future__ import annotations

from pathlib import Path

from scanner.discover.classify import classify
from scanner.discover.configwalk import EMBEDDED_JSON_MAX, embedded_json_hits
from scanner.discover.ids import hf_repo
from scanner.discover.names import is_model_name, is_model_url_name
from scanner.models import Reference

from .helpers import scan_with_gaps

_scan = scan_with_gaps


def _where(refs: list[Reference]) -> set[tuple[str, str, int | None]]:
    return {(r.kind.value, r.identifier, r.location.line) for r in refs if r.kind.value != "package"}


# ---- a JSON document held by a model-named variable --------------------------------------------------------------------

VALUES_YAML = """envVars:
  OPENAI_BASE_URL: "https://router.huggingface.co/v1"
  TASK_MODEL: "acme-labs/task-8b"
  MODELS: >
    [
      { "id": "acme-labs/chat-70b", "description": "the big one" },
      { "id": "acme-labs/coder-7b", "parameters": { "max_tokens": 4096 } }
    ]
  BANNER: '[{"title": "acme-labs/not-a-model"}]'
"""


def test_a_json_models_list_in_helm_values_is_read_as_config(tmp_path: Path) -> None:
    """chat-ui's Helm values set ``MODELS: > [{"id": "org/name", ...}]`` (a JSON document in a folded scalar): none of
    its ~90 served models was reported. The document is walked under the variable's name, with the base URL of the
    mapping (the HF router) and the lines of the folded block; a JSON value of a variable that names no model is not."""
    refs, gaps = _scan(tmp_path, {"chart/env/prod.yaml": VALUES_YAML})
    assert gaps == {"chart/env/prod.yaml": []}
    assert {(r.kind.value, r.identifier, r.provider, r.location.line) for r in refs} == {
        ("api-model", "acme-labs/task-8b", "huggingface", 3),
        ("api-model", "acme-labs/chat-70b", "huggingface", 6),
        ("api-model", "acme-labs/coder-7b", "huggingface", 7),
    }


def test_a_json_models_list_in_an_env_file_and_a_kubernetes_env_entry(tmp_path: Path) -> None:
    env = "MODELS='[{\"id\": \"acme-labs/chat-70b\"},\n{\"name\": \"acme-labs/coder-7b\"}]'\nNOTES='{\"a\": \"acme-labs/x\"}'\n"
    k8s = ("spec:\n  containers:\n  - name: app\n    env:\n    - name: MODELS\n"
           "      value: '[{\"id\": \"acme-labs/embed-1b\"}]'\n")
    refs, _ = _scan(tmp_path, {".env": env, "deploy/app.yaml": k8s})
    assert _where(refs) == {("hf-model", "acme-labs/chat-70b", 1), ("hf-model", "acme-labs/coder-7b", 2),
                            ("hf-model", "acme-labs/embed-1b", 6)}


def test_a_backtick_quoted_multi_line_value_of_an_env_file(tmp_path: Path) -> None:
    """Node's dotenv reads ``MODELS=`[ ... ]``` over several lines (chat-ui documents its model list so); python-dotenv
    kept the opening backtick and dropped the lines of the list. An unclosed backtick leaves the value as it was."""
    env = ("MODELS=`[\n  { \"id\": \"acme-labs/chat-70b\" },\n  { \"id\": \"acme-labs/coder-7b\", \"description\": \"a b\" }\n]`\n"
           "TASK_MODEL=`acme-labs/task-1b`\nBROKEN_MODEL=`acme-labs/never-closed\nLLM_MODEL=acme-labs/after-2b\n")
    refs, _ = _scan(tmp_path, {".env.local": env})
    assert _where(refs) == {("hf-model", "acme-labs/chat-70b", 2), ("hf-model", "acme-labs/coder-7b", 3),
                            ("hf-model", "acme-labs/task-1b", 5), ("hf-model", "acme-labs/after-2b", 7)}


def test_an_embedded_json_document_is_bounded() -> None:
    """Over the cap, not JSON, not a container, or nested past the parser's limits: nothing, and no exception."""
    big = '[{"id": "acme-labs/chat-70b"}' + ', {"id": "x"}' * (EMBEDDED_JSON_MAX // 10) + "]"
    assert list(embedded_json_hits(big, "models", 1)) == []
    assert list(embedded_json_hits("[" * 100_000 + "]" * 100_000, "models", 1)) == []
    assert list(embedded_json_hits("[not json]", "models", 1)) == []
    assert [h.identifier for h in embedded_json_hits('[{"id": "acme-labs/chat-70b"}]', "models", 4)] == ["acme-labs/chat-70b"]


CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: proxy-config
data:
  LOG_LEVEL: debug
  config.yaml: |
    model_list:
      - model_name: chat
        litellm_params:
          model: anthropic/claude-3-5-sonnet-20240620
  adapters.json: |
    {"defaultBaseModel": "acme-labs/base-1b"}
  notes.txt: |
    model: acme-labs/not-a-file-key
---
kind: Secret
data:
  config.yaml: "model: acme-labs/not-a-configmap"
"""


def test_the_config_files_a_configmap_carries_are_read(tmp_path: Path) -> None:
    """production-stack's LoRA manager ConfigMap (``data: {configmap.yaml: |-  defaultBaseModel: org/name}``), and the
    common LiteLLM proxy ConfigMap: a file carried as one string value was never parsed. Keys named like YAML/JSON
    files of a ConfigMap are parsed and walked, one level, with their lines."""
    refs, gaps = _scan(tmp_path, {"deploy/proxy.yaml": CONFIGMAP})
    assert gaps == {"deploy/proxy.yaml": []}
    assert _where(refs) == {("api-model", "claude-3-5-sonnet-20240620", 11), ("hf-model", "acme-labs/base-1b", 13)}


def test_a_configmap_inside_a_carried_file_is_not_opened_again() -> None:
    from scanner.discover.configs import config_hits

    inner = "kind: ConfigMap\ndata:\n  b.yaml: |\n    model: acme-labs/deep-2b\n"
    outer = "kind: ConfigMap\ndata:\n  a.yaml: |\n" + "".join("    " + line + "\n" for line in inner.splitlines())
    assert [h.identifier for h in config_hits("cm.yaml", outer)] == []


# ---- model-URL keys ------------------------------------------------------------------------------------------------------

def test_model_url_keys_hold_hub_ids_not_endpoints(tmp_path: Path) -> None:
    """vLLM production-stack's values ``modelSpec: [{modelURL: org/name}]``: ~190 references in its tutorials, tests and
    operator samples were missed ("url" keeps the key out of the model names). Only a Hub id or Hub URL is read there."""
    values = ("servingEngineSpec:\n  modelSpec:\n  - name: small\n    modelURL: \"acme-labs/small-1b\"\n"
              "  - name: hub\n    modelURL: https://huggingface.co/acme-labs/big-70b\n"
              "  - name: local\n    modelURL: http://localhost:8000/v1\n    llmBaseUrl: localhost/v1\n")
    env = "MODEL_URL=acme-labs/env-3b\nLLM_BASE_URL=localhost/v1\nMODEL_URL_2=https://example.com/weights.bin\n"
    refs, _ = _scan(tmp_path, {"helm/values.yaml": values, "app/.env": env})
    assert _where(refs) == {("hf-model", "acme-labs/small-1b", 4), ("hf-model", "acme-labs/big-70b", 6),
                            ("hf-model", "acme-labs/env-3b", 1)}
    assert is_model_url_name("modelURL") and is_model_url_name("EMBEDDING_MODEL_URL")
    assert not is_model_url_name("LLM_BASE_URL") and not is_model_url_name("serverUrl") and not is_model_url_name("model")


def test_a_model_uri_builder_in_go_and_a_model_url_key_in_typescript(tmp_path: Path) -> None:
    """KServe's Go tests build services with ``WithModelURI("hf://org/name")`` (43 uses of one Llama were missed)."""
    go = ('package fixture\n\nfunc TestServe(t *testing.T) {\n\tsvc := NewService("demo").\n'
          '\t\tWithModelURI("hf://acme-labs/tiny-chat-7b").\n\t\tWithRuntime("vllm")\n\t_ = svc\n}\n')
    ts = ('const cfg = { modelUrl: "acme-labs/tiny-embed", serverUrl: "http://localhost:8080" };\n'
          'const other = { modelURL: "http://localhost:11434" };\n')
    refs, _ = _scan(tmp_path, {"build_test.go": go, "app.ts": ts})
    assert _where(refs) == {("hf-model", "acme-labs/tiny-chat-7b", 5), ("hf-model", "acme-labs/tiny-embed", 1)}


def test_go_functional_options_that_set_the_model(tmp_path: Path) -> None:
    """KServe's fixtures: ``Service("x", WithModelURI("hf://org/name"), WithModelName("org/name"))`` (a bare call, not
    a builder chain). A bare ``model("x")`` is some other function."""
    go = ('package fixture\n\nfunc TestOpts(t *testing.T) {\n\tsvc := Service("demo",\n\t\tInNamespace("ns"),\n'
          '\t\tWithModelURI("hf://acme-labs/opt-chat-7b"),\n\t\tWithModelName("acme-labs/opt-chat-7b"),\n\t\tWithReplicas(2),\n'
          '\t)\n\tmodel("acme-labs/not-an-option")\n\t_ = svc\n}\n')
    refs, _ = _scan(tmp_path, {"opts_test.go": go})
    assert _where(refs) == {("hf-model", "acme-labs/opt-chat-7b", 6), ("hf-model", "acme-labs/opt-chat-7b", 7)}


CURL_SH = """#!/bin/bash
set -e
curl -X POST http://localhost:30080/v1/completions \\
  -H "Content-Type: application/json" \\
  -d '{"model": "acme-labs/opt-1b", "prompt": "Once upon a time,", "max_tokens": 10}'
curl https://api.openai.com/v1/chat/completions -d '{"model": "gpt-4o-mini", "messages": []}'
curl http://localhost:11434/api/generate --data-raw '{"model": "llama3.2:1b", "prompt": "x"}'
curl http://localhost:8000/metrics -d '{"modelx": "acme-labs/not-the-model-key"}'
curl http://localhost:8000/v1 -d '["acme-labs/not-an-object"]'
"""


def test_the_model_of_a_curl_request_body(tmp_path: Path) -> None:
    """production-stack's smoke tests call the router with ``curl ... -d '{"model": "org/name", ...}'``: the body of an
    OpenAI-compatible request names the model asked for. Only the top-level "model" of a JSON object; the URL's host
    names the provider."""
    refs, _ = _scan(tmp_path, {"tests/scripts/curl-smoke.sh": CURL_SH})
    assert {(r.kind.value, r.identifier, r.provider, r.location.line) for r in refs} == {
        ("hf-model", "acme-labs/opt-1b", None, 5), ("api-model", "gpt-4o-mini", "openai", 6),
        ("ollama", "llama3.2:1b", None, 7)}


# ---- false positives ------------------------------------------------------------------------------------------------------

def test_cidr_blocks_and_a_user_agent_are_not_hub_ids(tmp_path: Path) -> None:
    """chat-ui's SSRF guard lists private IPv4 blocks (``["10.0.0.0/8", "127.0.0.0/8", ...]``): 10 references and 7
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
