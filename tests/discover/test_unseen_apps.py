"""Shapes found by sweeping Python AI applications the scanner had never seen (issue 19, session 5: ChatGLM3,
Langchain-Chatchat, aider, dspy, xtuner, verl, ...): each file here is a small one written for the test."""

from __future__ import annotations

from pathlib import Path

from scanner.models import Reference, RefKind

from .helpers import scan_with_gaps

_scan = scan_with_gaps


def _where(refs: list[Reference]) -> set[tuple[str, str, int | None]]:
    return {(r.kind.value, r.identifier, r.location.line) for r in refs if r.kind.value != "package"}


# ---- helpers handing a parameter to each other ------------------------------------------------------------------------

def test_helpers_passing_a_model_parameter_in_a_cycle_report_the_caller_once(tmp_path: Path) -> None:
    """An API server's predict -> predict_stream -> predict: the id given by the outer caller is found, and the
    pending parameter is sent to the callers once (it was re-sent, and multiplied, every round)."""
    code = ("def predict(model_id, params):\n"
            "    yield Chunk(model=model_id)\n"
            "    if params:\n        yield from stream(model_id, None)\n"
            "def stream(model_id, params):\n"
            "    yield Chunk(model=model_id)\n"
            "    yield from predict(model_id, params)\n"
            "    yield from predict(model_id, params)\n"
            "list(predict('acme-lab/cycle-chat-6b', {}))\n")
    refs, gaps = _scan(tmp_path, {"api_server.py": code})
    assert gaps == {"api_server.py": []}
    assert _where(refs) == {("hf-model", "acme-lab/cycle-chat-6b", 9)}




# ---- URI schemes are not Ollama tags ----------------------------------------------------------------------------------

def test_uri_schemes_written_without_slashes_are_not_ollama_tags(tmp_path: Path) -> None:
    """``about:blank`` in a minified bundle read by the fallback (Langchain-Chatchat's swagger-ui) was an Ollama model."""
    code = ("frame = Viewer(model='about:blank')\nlink = Link(model='mailto:ops')\nicon = Icon(model='data:image')\n"
            "chat = Chat(model='qwen2:7b')\n")
    config = "model_page: about:blank\nmodel_contact: mailto:team\nmodel: llama3:8b\n"
    refs, _ = _scan(tmp_path, {"ui.py": code, "app.yaml": config})
    assert _where(refs) == {("ollama", "qwen2:7b", 4), ("ollama", "llama3:8b", 3)}


def test_the_fallback_reads_no_uri_scheme_as_a_model(tmp_path: Path) -> None:
    from scanner.discover.fallback import fallback_hits

    line = b'var n=function(e){if(!e)return"about:blank";return e},model={id:"llama3:8b",home:"mailto:x"};\n'
    assert {(h.kind.value, h.identifier) for h in fallback_hits(line * 3, python=False)} == {("ollama", "llama3:8b")}


# ---- platform tables: a list of models next to the platform's type or base URL ---------------------------------------

PLATFORMS_PY = '''PLATFORMS = [
    Platform(**{
        "platform_name": "local-ollama",
        "platform_type": "ollama",
        "llm_models": ["qwen2:7b", "acme-lab/embed-zh"],
    }),
    {"name": "box", "api_base_url": "http://127.0.0.1:11434/v1", "embed_models": ("acme-lab/embed-en",)},
    {"name": "hub", "llm_models": ["acme-lab/chat-7b"], "backend": "turbomind"},
]
'''

PLATFORMS_YAML = """platforms:
  - platform_name: box
    platform_type: ollama
    llm_models:
      - acme-lab/embed-zh
  - platform_name: other
    api_base_url: http://127.0.0.1:11434/v1
    embed_models: [acme-lab/embed-en]
"""


def test_model_lists_in_platform_tables_take_the_platform_provider(tmp_path: Path) -> None:
    """Langchain-Chatchat's MODEL_PLATFORMS: ``llm_models``/``embed_models`` lists (not read in Python dicts), an
    ``api_base_url`` (not a base-URL key) and ``platform_type: ollama`` (not a provider key): an Ollama user's
    ``name/model`` was a Hub repo."""
    refs, gaps = _scan(tmp_path, {"settings.py": PLATFORMS_PY, "platforms.yaml": PLATFORMS_YAML})
    assert gaps == {"settings.py": [], "platforms.yaml": []}
    assert _where([r for r in refs if r.location.path == "settings.py"]) == {
        ("ollama", "qwen2:7b", 5), ("ollama", "acme-lab/embed-zh:latest", 5), ("ollama", "acme-lab/embed-en:latest", 7),
        ("hf-model", "acme-lab/chat-7b", 8)}
    assert _where([r for r in refs if r.location.path == "platforms.yaml"]) == {
        ("ollama", "acme-lab/embed-zh:latest", 5), ("ollama", "acme-lab/embed-en:latest", 8)}


def test_a_local_base_url_still_leaves_a_served_alias_out(tmp_path: Path) -> None:
    code = 'A = {"model": "chat-alias", "api_base_url": "http://localhost:8000/v1"}\nB = {"model": "gpt-4o", "provider": "openai"}\n'
    refs, _ = _scan(tmp_path, {"clients.py": code})
    assert _where(refs) == {("api-model", "gpt-4o", 2)}


# ---- litellm's openai/<model>: an OpenAI-compatible server, not OpenAI's Hub organisation ----------------------------

LEADERBOARD = """- dirname: 2025-01-01-run
  command: aider --model openai/Qwen2.5-Coder-32B-Instruct
  model: openai/qwen3-235b-a22b
- dirname: 2025-01-02-run
  model: openai/gpt-4o-mini
  command: aider --model openai/whisper-large-v3
"""


def test_openai_prefix_with_another_developers_model_is_an_openai_compatible_server(tmp_path: Path) -> None:
    """aider's ``--model openai/Qwen2.5-Coder-32B-Instruct`` (litellm: any OpenAI-compatible server) was the Hub repo
    ``openai/Qwen2.5-...`` developed by OpenAI; an OpenAI name and an OpenAI Hub repo keep their reading, and an
    explicit Hub loader is taken at its word."""
    code = ("import litellm\nfrom transformers import AutoModel\n"
            "litellm.completion(model='openai/Llama-3.1-8B-Instruct', api_base='http://gpu-box:8000/v1', messages=[])\n"
            "AutoModel.from_pretrained('openai/clip-vit-base-patch32')\n")
    refs, _ = _scan(tmp_path, {"leaderboard.yml": LEADERBOARD, "bench.py": code})
    assert {(r.kind.value, r.identifier, r.location.line, r.provider) for r in refs if r.kind.value != "package"} == {
        ("api-model", "Qwen2.5-Coder-32B-Instruct", 2, "openai-compatible"), ("api-model", "qwen3-235b-a22b", 3, "openai-compatible"),
        ("api-model", "gpt-4o-mini", 5, "openai"), ("hf-model", "openai/whisper-large-v3", 6, None),
        ("api-model", "Llama-3.1-8B-Instruct", 3, "openai-compatible"), ("hf-model", "openai/clip-vit-base-patch32", 4, None)}


def test_an_openai_compatible_model_takes_its_developer_from_the_name_and_sends_no_data_to_openai() -> None:
    from scanner.resolve import Resolver, load_registry

    resolver = Resolver(load_registry(), trusted_countries=["US"], countries_of_concern=["CN"])
    m = resolver.resolve_one(RefKind.API_MODEL, "Qwen2.5-Coder-32B-Instruct", provider="openai-compatible")
    assert (m.provider, m.origin.developer, m.origin.country, m.base.country) == (
        "openai-compatible", "Alibaba Cloud (Qwen team)", "CN", "CN")


def test_litellm_github_and_bedrock_converse_prefixes(tmp_path: Path) -> None:
    """``github/o1-mini`` (GitHub Models) was the Hub repo github/o1-mini; ``bedrock_converse/...`` was missed."""
    settings = ("- name: github/o1-mini\n  editor_model_name: github/gpt-4o\n"
                "- name: bedrock_converse/us.anthropic.claude-3-7-sonnet-20250219-v1:0\n  weak_model_name: x\n"
                "- name: github/octo-tools\n  weak_model_name: y\n")
    code = "from app.models import Model\nm = Model('github/gpt-4o')\n"
    refs, _ = _scan(tmp_path, {"model-settings.yml": settings, "pick.py": code})
    assert {(r.kind.value, r.identifier, r.location.line, r.provider) for r in refs} >= {
        ("api-model", "o1-mini", 1, "github"), ("api-model", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", 3, "bedrock"),
        ("api-model", "gpt-4o", 2, "github")}
    assert not [r for r in refs if r.identifier.startswith("github/") and r.kind.value == "api-model"]


def test_name_is_the_model_where_sibling_keys_describe_models(tmp_path: Path) -> None:
    """aider's model-settings.yml: ``- name: <model>`` with ``weak_model_name``/``editor_model_name``: the names were
    missed while the weak models were read; a ``name`` next to a ``model`` key is a title."""
    settings = ("- name: claude-3-5-sonnet-20241022\n  edit_format: diff\n  weak_model_name: claude-3-5-haiku-20241022\n"
                "- name: deepseek/deepseek-chat\n  editor_model_name: deepseek/deepseek-chat\n"
                "- name: gpt-4o\n  model: gpt-4o-mini\n  weak_model_name: gpt-4o-mini\n"
                "- name: Build\n  run: make\n  model_dir: out\n")
    refs, _ = _scan(tmp_path, {"model-settings.yml": settings})
    assert _where(refs) == {("api-model", "claude-3-5-sonnet-20241022", 1), ("api-model", "claude-3-5-haiku-20241022", 3),
                            ("api-model", "deepseek-chat", 4), ("api-model", "deepseek-chat", 5),
                            ("api-model", "gpt-4o-mini", 7), ("api-model", "gpt-4o-mini", 8)}


def test_openai_prefix_with_a_hub_id_served_by_a_compatible_server(tmp_path: Path) -> None:
    """dspy: ``dspy.LM("openai/meta-llama/Meta-Llama-3-70b-Instruct", api_base=...)`` was an API model of OpenAI, and
    ``f"openai/arbor:{name}"`` / ``openai/local:org/name`` (dspy's local providers) API models named ``arbor:org/name``."""
    code = ("import dspy\nname = 'acme-lab/policy-1.5b'\n"
            "a = dspy.LM('openai/meta-llama/Meta-Llama-3-70b-Instruct', api_base='API_BASE')\n"
            "b = dspy.LM(model=f'openai/arbor:{name}', api_base='http://localhost:7453/v1')\n"
            "c = dspy.LM(model='openai/local:acme-lab/student-1b')\n"
            "d = dspy.LM('openai/gpt-4o-mini')\n")
    refs, _ = _scan(tmp_path, {"tune.py": code})
    assert {(r.kind.value, r.identifier, r.location.line, r.provider) for r in refs if r.kind.value != "package"} == {
        ("api-model", "meta-llama/Meta-Llama-3-70b-Instruct", 3, "openai-compatible"),
        ("api-model", "acme-lab/policy-1.5b", 4, "openai-compatible"),
        ("api-model", "acme-lab/student-1b", 5, "openai-compatible"), ("api-model", "gpt-4o-mini", 6, "openai")}


# ---- dataset keywords on any callee -----------------------------------------------------------------------------------

def test_dataset_keywords_name_datasets_and_carry_remote_code(tmp_path: Path) -> None:
    """dspy: ``DataLoader().from_huggingface(dataset_name="org/name", trust_remote_code=True)``: the dataset was
    missed and the switch became a model slot without an id."""
    code = ("from dspy.datasets import DataLoader\n"
            "a = DataLoader().from_huggingface(dataset_name='acme-lab/hover', split='train', trust_remote_code=True)\n"
            "b = build(dataset_path='acme-lab/squad-zh')\n"
            "c = build(dataset_path='data/train', dataset_name='squad')\n")
    refs, _ = _scan(tmp_path, {"data.py": code})
    assert {(r.kind.value, r.identifier, r.location.line, r.trust_remote_code) for r in refs if r.kind.value != "package"} == {
        ("hf-dataset", "acme-lab/hover", 2, True), ("hf-dataset", "acme-lab/squad-zh", 3, False)}


# ---- OpenMMLab lazy configs: dict(type=callable, **kwargs) ------------------------------------------------------------

LAZY_CONFIG = '''from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer

base = "acme-lab/lazy-7b"
data_path = "acme-lab/lazy-instructions"

tokenizer = dict(type=AutoTokenizer.from_pretrained, pretrained_model_name_or_path=base,
                 trust_remote_code=True)
model = dict(
    type=Finetune,
    llm=dict(type=AutoModelForCausalLM.from_pretrained, pretrained_model_name_or_path=base, trust_remote_code=False),
)
train_dataset = dict(type=build, dataset=dict(type=load_dataset, path=data_path))
registry_style = dict(type="AutoModel", path="acme-lab/registry-string")
loop = dict(type=dict, type_hint=1)
'''


def test_lazy_config_dicts_are_the_calls_they_defer(tmp_path: Path) -> None:
    """xtuner's configs: ``dict(type=AutoModelForCausalLM.from_pretrained, ..., trust_remote_code=True)`` and
    ``dict(type=load_dataset, path=data_path)``: the remote-code switch (HIGH finding) and every dataset were missed."""
    refs, gaps = _scan(tmp_path, {"cfg.py": LAZY_CONFIG})
    assert gaps == {"cfg.py": []}
    assert {(r.kind.value, r.identifier, r.location.line, r.trust_remote_code) for r in refs if r.kind.value != "package"} == {
        ("hf-model", "acme-lab/lazy-7b", 7, True), ("hf-model", "acme-lab/lazy-7b", 11, False),
        ("hf-dataset", "acme-lab/lazy-instructions", 13, False)}


def test_path_to_placeholders_are_not_local_models(tmp_path: Path) -> None:
    """``/path/to/your/base/model`` in a config template was a local model dependency (relative ``path/to/x`` was not)."""
    code = ("from transformers import AutoModel\nAutoModel.from_pretrained('/path/to/your/base/model')\n"
            "AutoModel.from_pretrained('~/path/to/ckpt')\nAutoModel.from_pretrained('/mnt/models/acme-7b')\n")
    script = "python serve.py --model /path/to/model.gguf --model_name_or_path ./path/to/checkpoint\n"
    refs, _ = _scan(tmp_path, {"load.py": code, "serve.sh": script})
    assert _where(refs) == {("model-file", "/mnt/models/acme-7b", 4)}


# ---- Hydra overrides: an id key under a model key ---------------------------------------------------------------------

def test_hydra_overrides_with_an_id_key_under_a_model_key(tmp_path: Path) -> None:
    """verl: ``actor_rollout_ref.model.path=org/name``, ``critic.model.path=...`` in every example script were missed
    (only overrides whose last key names a model were read)."""
    script = ("python3 -m trainer.main_ppo \\\n    data.train_files=$HOME/data/gsm8k/train.parquet \\\n"
              "    actor_rollout_ref.model.path=acme-lab/policy-7b \\\n    critic.model.path=acme-lab/critic-7b \\\n"
              "    reward_model.model.path=$HOME/models/rm \\\n    actor_rollout_ref.rollout.name=vllm \\\n"
              "    trainer.project_name=acme/verl-runs \\\n    +model.name=acme-lab/extra-1b\n")
    refs, _ = _scan(tmp_path, {"run.sh": script})
    assert _where(refs) == {("hf-model", "acme-lab/policy-7b", 3), ("hf-model", "acme-lab/critic-7b", 4),
                            ("hf-model", "acme-lab/extra-1b", 8)}


def test_loop_variables_still_expand_in_the_commands_that_use_them(tmp_path: Path) -> None:
    script = ("for size in 1.5B 7B; do\n  echo $size\ndone\nfor m in acme-lab/alpha acme-lab/beta; do\n"
              "  python run.py --model_name_or_path ${m}\ndone\nfor mb in x; do :; done\n"
              "python run.py --model_name_or_path $mb_other\n")
    refs, _ = _scan(tmp_path, {"sweep.sh": script})
    assert _where(refs) == {("hf-model", "acme-lab/alpha", 5), ("hf-model", "acme-lab/beta", 5)}


def test_files_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    """FunASR's CMakeSettings.json (Visual Studio writes a UTF-8 BOM) was an invalid-json gap; a package.json,
    pyproject.toml, requirements.txt, shell script or Modelfile with a BOM gave nothing, and no gap either."""
    bom = "\ufeff"
    files = {
        "CMakeSettings.json": bom + '{\n  "configurations": [],\n  "embedding_model": "acme-lab/bom-embed"\n}\n',
        "app.toml": bom + '[llm]\nmodel = "acme-lab/bom-chat"\n', "app.yaml": bom + "model: acme-lab/bom-yaml\n",
        "package.json": bom + '{"name": "x", "dependencies": {"openai": "^4.0.0"}}\n',
        "pyproject.toml": bom + '[project]\nname = "x"\ndependencies = ["anthropic>=0.30"]\n',
        "requirements.txt": bom + "transformers==4.44.0\n", "pull.sh": bom + "ollama pull llama3:8b\n",
        "Modelfile": bom + "FROM qwen2:7b\n", "load.py": bom + "from transformers import AutoModel\nAutoModel.from_pretrained('acme-lab/bom-py')\n",
    }
    refs, gaps = _scan(tmp_path, files)
    assert gaps == {name: [] for name in files}
    assert {(r.kind.value, r.identifier, r.location.path) for r in refs} == {
        ("hf-model", "acme-lab/bom-embed", "CMakeSettings.json"), ("hf-model", "acme-lab/bom-chat", "app.toml"),
        ("hf-model", "acme-lab/bom-yaml", "app.yaml"), ("package", "npm:openai", "package.json"),
        ("package", "anthropic", "pyproject.toml"), ("package", "transformers", "requirements.txt"),
        ("ollama", "llama3:8b", "pull.sh"), ("ollama", "qwen2:7b", "Modelfile"),
        ("hf-model", "acme-lab/bom-py", "load.py")}


# ---- FunASR: ModelScope by default, hub="hf" switches; capitalised provider-like organisations ------------------------

FUNASR = '''from funasr import AutoModel
a = AutoModel(model="iic/SenseVoiceSmall", vad_model="iic/speech_fsmn_vad_zh-cn-16k-common-pytorch")
b = AutoModel(model="Qwen-Audio")
c = AutoModel(model="FunAudioLLM/Fun-ASR-Nano-2512", hub="hf")
d = AutoModel(model="ZhipuAI/GLM-ASR-Nano-2512", trust_remote_code=True)
'''


def test_funasr_automodel_reads_modelscope_ids_and_no_alias_is_an_api_model(tmp_path: Path) -> None:
    """``AutoModel(model="Qwen-Audio")`` (a FunASR alias of a local model) was a DashScope API model (HIGH: data sent
    to China) and ``ZhipuAI/GLM-ASR-Nano-2512`` (the ModelScope organisation) a Zhipu API model."""
    refs, _ = _scan(tmp_path, {"demo.py": FUNASR})
    assert {(r.kind.value, r.identifier, r.location.line, r.trust_remote_code) for r in refs if r.kind.value != "package"} == {
        ("modelscope-model", "iic/SenseVoiceSmall", 2, False),
        ("modelscope-model", "iic/speech_fsmn_vad_zh-cn-16k-common-pytorch", 2, False),
        ("hf-model", "FunAudioLLM/Fun-ASR-Nano-2512", 4, False),
        ("modelscope-model", "ZhipuAI/GLM-ASR-Nano-2512", 5, True)}


def test_a_capitalised_provider_name_outside_litellm_is_an_organisation(tmp_path: Path) -> None:
    code = ("import litellm\nx = make(model='ZhipuAI/GLM-4-9B-Chat')\ny = make(model='zhipuai/glm-4')\n"
            "z = litellm.completion(model='Deepseek/deepseek-chat', messages=[])\n")
    refs, _ = _scan(tmp_path, {"pick.py": code})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs if r.kind.value != "package"} == {
        ("hf-model", "ZhipuAI/GLM-4-9B-Chat", None), ("api-model", "glm-4", "zhipu"), ("api-model", "deepseek-chat", "deepseek")}


def test_slashed_words_and_repository_metrics_are_not_models(tmp_path: Path) -> None:
    """FunASR's growth script: ``repo_stars = f"{n:,}" if n is not None else "n/a"`` was the Hub repo ``n/a``."""
    code = ('repo_stars = f"{stars:,}" if stars is not None else "n/a"\nrepo_forks = "N/A"\n'
            'model_id = "acme-lab/n-a-7b"\nmodel_note = "and/or"\n')
    refs, _ = _scan(tmp_path, {"metrics.py": code})
    assert _where(refs) == {("hf-model", "acme-lab/n-a-7b", 3)}


def test_media_types_and_auto_map_code_references(tmp_path: Path) -> None:
    """unsloth: ``for (const t of ["image/png", "audio/wav", "application/pdf"])`` were Hub models; an ``auto_map``
    value ``org/repo--modeling_x.Class`` (code taken from org/repo) was a repo named ``repo--modeling_x.Class``."""
    ts = 'for (const model of ["image/png", "audio/wav", "application/pdf"]) {\n  check(model);\n}\n'
    code = 'import json\ncfg = json.dumps({"auto_map": {"AutoModel": "acme-lab/remote-repo--modeling_acme.AcmeModel"}})\n'
    refs, _ = _scan(tmp_path, {"media.test.ts": ts, "cfg.py": code})
    assert _where(refs) == {("hf-model", "acme-lab/remote-repo", 2)}


def test_credential_field_names_are_not_api_models(tmp_path: Path) -> None:
    """MaxKB: ``REQUIRED_FIELDS = ['hunyuan_app_id', 'hunyuan_secret_key']`` and ``for key in ['spark_api_url',
    'spark_app_id']`` were Tencent and iFLYTEK API models (7 false HIGH AIS-API-001)."""
    code = ("class TencentCredential:\n    REQUIRED_FIELDS = ['hunyuan_app_id', 'hunyuan_secret_id', 'hunyuan_secret_key']\n"
            "SPARK_MODELS = ['spark_api_url', 'spark_app_id', 'spark_api_key', 'spark_api_secret']\n"
            "LLM_MODELS = ['hunyuan-lite', 'generalv3.5']\n")
    refs, _ = _scan(tmp_path, {"credential.py": code})
    assert {(r.kind.value, r.identifier) for r in refs} == {("api-model", "hunyuan-lite"), ("api-model", "generalv3.5")}


def test_crewai_native_prefixes_and_newer_bedrock_vendors(tmp_path: Path) -> None:
    """crewAI: ``LLM(model="azure_openai/gpt-4")``, ``claude/...``, ``litellm/...`` were Hub repos; Bedrock ids of the
    qwen., openai., twelvelabs. vendors (``qwen.qwen3-32b-v1:0``) were Ollama tags."""
    code = ("from crewai import LLM\na = LLM(model='azure_openai/gpt-4')\nb = LLM(model='claude/claude-3-5-sonnet-20241022')\n"
            "c = LLM(model='litellm/claude-3-sonnet-20240229')\n"
            "BEDROCK_MODELS = ['qwen.qwen3-32b-v1:0', 'openai.gpt-oss-20b-1:0', 'twelvelabs.pegasus-1-2-v1:0',\n"
            "                  'anthropic.claude-3-haiku-20240307-v1:0']\n")
    refs, _ = _scan(tmp_path, {"llms.py": code})
    assert {(r.kind.value, r.identifier, r.provider) for r in refs if r.kind.value != "package"} == {
        ("api-model", "gpt-4", "azure"), ("api-model", "claude-3-5-sonnet-20241022", "anthropic"),
        ("api-model", "claude-3-sonnet-20240229", "anthropic"), ("api-model", "qwen.qwen3-32b-v1:0", "bedrock"),
        ("api-model", "openai.gpt-oss-20b-1:0", "bedrock"), ("api-model", "twelvelabs.pegasus-1-2-v1:0", "bedrock"),
        ("api-model", "anthropic.claude-3-haiku-20240307-v1:0", "bedrock")}


def test_a_closed_api_model_with_a_tag_is_not_an_ollama_model(tmp_path: Path) -> None:
    """open-interpreter: ``if self.model.startswith("ollama/") and ":" not in self.model: self.model += ":latest"``
    made every default model (``gpt-4o``, ``claude-3-5-sonnet-...``) an Ollama tag ``gpt-4o:latest``."""
    code = ("class LLM:\n    def __init__(self):\n        self.model = 'gpt-4o'\n    def load(self):\n"
            "        if self.model.startswith('ollama/') and ':' not in self.model:\n"
            "            self.model = self.model + ':latest'\n        run(model=self.model)\n"
            "chat(model='gpt-oss:20b')\nchat(model='llama3:8b')\n")
    refs, _ = _scan(tmp_path, {"llm.py": code})
    assert {(r.kind.value, r.identifier) for r in refs} == {
        ("api-model", "gpt-4o"), ("ollama", "gpt-oss:20b"), ("ollama", "llama3:8b")}


def test_the_new_bedrock_vendors_need_the_version_suffix_and_a_doubled_prefix_is_no_hub_id() -> None:
    from scanner.discover.classify import classify
    from scanner.discover.providers import provider_for_name

    assert provider_for_name("openai.types.") is None  # a module path in a startswith() check (dspy)
    assert provider_for_name("qwen.qwen3-coder-30b-a3b-v1:0") == "bedrock"
    assert classify("openai/openai/claude-3-5-sonnet-20240620") is None  # "openai/" + model built twice
