"""Model references in command lines: serving CLIs, download commands, ``--model`` flags and ``pip install``."""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping

from ..models import RefKind
from .base import Hit
from .classify import Found, classify
from .cutshort import cut_short
from .lines import text_lines
from .names import is_model_name
from .reqparse import requirement_hit

MODEL_FLAGS = frozenset({"--model", "--model-id", "--model_id", "--model-path", "--model_path", "--model-name-or-path",
                         "--model_name_or_path", "--base-model", "--base_model", "--pretrained", "--hf-model", "--tokenizer",
                         "--model-repo", "--repo-id", "--repo_id", "--draft-model", "--speculative-model", "--embedding-model",
                         "--embedding_model", "--reranker-model", "--hf_model", "--model_name", "--model-name", "-hf", "--hf-repo",
                         "-hfr", "--hf-repo-draft", "--hf-path", "--hf_path"})
DATASET_FLAGS = frozenset({"--dataset", "--dataset_name", "--dataset-name", "--dataset_id", "--dataset-id", "--data-repo",
                           "--dataset_name_or_path", "--train_dataset", "--eval_dataset"})
FILE_FLAGS = frozenset({"-m", "--model-file", "--model_file", "--gguf"})
NOT_MODEL_FLAGS = frozenset({"--served-model-name", "--served_model_name", "--model-impl", "--model-loader-extra-config"})
DOWNLOAD_OPTS = frozenset({"--local-dir", "--local_dir", "--revision", "--include", "--exclude", "--repo-type", "--repo_type",
                           "--cache-dir", "--cache_dir", "--token", "--max-workers", "--filename", "--file"})
PIP_OPTS_WITH_VALUE = frozenset({"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
                                 "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
                                 "--python", "-p", "--platform", "--implementation", "--abi", "--python-version", "--upgrade-strategy"})
WEIGHT_SUFFIXES = (".gguf", ".bin", ".safetensors", ".ggml", ".llamafile", ".pt", ".pth", ".ckpt", ".onnx")
_DATASET_FLAG = re.compile(r"^--(?:\w+[-_])?datasets?(?:[-_](?:name|id|repo|mixer|mixer[-_]list|list|path))?$")
_VAR = re.compile(r"\$\{\{\s*(?:env|vars|inputs|secrets)\.(\w+)\s*\}\}|\$\{(\w+)(?::?-([^}]*))?\}|\$\((\w+)\)|\$(\w+)")
MAX_TOKENS = 2000  # tokens read from one logical command line (a hostile one-line script is megabytes long)
_SPLIT = re.compile(r"\s*(?:&&|\|\||;|\||&)\s*")


def expand(text: str, env: Mapping[str, str]) -> tuple[str, list[str]]:
    """Substitute ``$VAR``, ``${VAR:-default}``, ``$(VAR)`` (Make) and ``${{ env.VAR }}`` (CI); list unknown variables."""
    unknown: list[str] = []

    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2) or m.group(4) or m.group(5)
        if name in env:
            return env[name]
        if m.group(3):
            return m.group(3)
        unknown.append(name)
        return f"${{{name}}}"

    return _VAR.sub(sub, text), unknown


def command_hits(text: str, line: int | None, env: Mapping[str, str] | None = None) -> Iterator[Hit]:
    """Hits in one logical command line (continuations already joined); ``&&``, ``;`` and pipes split commands."""
    env = env or {}
    if "\n" in text:
        for offset, logical in script_lines(text):
            found = command_hits(logical, None if line is None else line + offset - 1, env)
            yield from (found if line is None else exact_lines(found, text, base=line - 1))
        return
    for tokens, segment in _segments(text.strip()):
        if "trust" in segment.lower() and remote_code_flag(tokens):
            yield from _remote(list(_tokens(tokens, line, env, segment)), line, segment)
        else:
            yield from _tokens(tokens, line, env, segment)


REMOTE_FLAGS = frozenset({"--trust-remote-code", "--trust_remote_code"})
_OFF = frozenset({"false", "0", "no", "off"})
MODEL_ARGS_REMOTE = re.compile(r"(?i)(?:^|,)\s*trust_remote_code\s*=\s*[\"']?(?:true|1|yes)\b")
_REMOTE_KINDS = frozenset({RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL, RefKind.MODEL_SLOT, RefKind.MODEL_FILE})


def remote_code_flag(tokens: list[str]) -> bool:
    """The command turns remote code on: ``--trust-remote-code`` (vLLM, SGLang, TGI), ``--trust_remote_code [True]``
    (Transformers' HfArgumentParser scripts), or ``--model_args ...,trust_remote_code=True`` (lm-eval)."""
    for i, token in enumerate(tokens):
        flag, eq, value = token.partition("=")
        if not eq:
            value = tokens[i + 1] if i + 1 < len(tokens) else ""
        if flag in REMOTE_FLAGS and value.lower() not in _OFF:  # a bare flag, or followed by true/True/1
            return True
        if flag in ("--model_args", "--model-args") and MODEL_ARGS_REMOTE.search(value):
            return True
    return False


def _remote(hits: list[Hit], line: int | None, evidence: str) -> Iterator[Hit]:
    """The hits of a command that turns remote code on: its models carry the flag; with no model id readable (a
    variable, a config file) the command itself is reported, so the finding does not depend on knowing the id."""
    from dataclasses import replace

    marked = False
    for hit in hits:
        if hit.kind in _REMOTE_KINDS:
            hit = replace(hit, trust_remote_code=True)
            marked = True
        yield hit
    if not marked:
        yield Hit(kind=RefKind.MODEL_SLOT, identifier="model of this command", line=line, via="--trust-remote-code",
                  evidence=evidence[:200], confidence="medium", trust_remote_code=True)


def _segments(text: str) -> Iterator[tuple[list[str], str]]:
    try:
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(itertools.islice(lexer, MAX_TOKENS))  # shlex is pure Python: a bounded number of tokens a line
        if len(tokens) == MAX_TOKENS and next(lexer, None) is not None:
            _too_long()
    except ValueError:
        for segment in _SPLIT.split(text):
            if segment.strip() and not segment.strip().startswith("#"):
                words = segment.split()
                if len(words) > MAX_TOKENS:
                    _too_long()
                yield words[:MAX_TOKENS], segment.strip()
        return
    current: list[str] = []
    for token in tokens + [";"]:
        if token and set(token) <= set("&|;()<>"):
            if current:
                yield current, " ".join(current)
            current = []
            if token in (">", ">>", "<", "2>"):
                current = ["#redirect"]
            continue
        if current[:1] == ["#redirect"]:
            current = []
            continue
        current.append(token)


def _too_long() -> None:
    cut_short("token-cap", f"a command line of more than {MAX_TOKENS:,} words: the rest of it was not read")


def _tokens(tokens: list[str], line: int | None, env: Mapping[str, str], evidence: str) -> Iterator[Hit]:
    while tokens and "=" in tokens[0] and not tokens[0].startswith("-") and re.match(r"^\w+=", tokens[0]):
        tokens = tokens[1:]  # VAR=value cmd ...
    if not tokens:
        return
    words = [t.rsplit("/", 1)[-1] for t in tokens[:4]]
    head = words[0]
    if head in ("sh", "bash", "zsh", "dash") and "-c" in tokens[:3]:
        index = tokens.index("-c")
        if index + 1 < len(tokens):
            yield from command_hits(tokens[index + 1], line, env)
        return
    if head in ("pip", "pip3", "uv", "poetry", "pdm", "conda", "mamba", "pixi") or tokens[:3] in (["python", "-m", "pip"], ["python3", "-m", "pip"]):
        yield from _pip(tokens, line, evidence)
        return
    if head.startswith("python") and len(tokens) > 2 and tokens[1] == "-c":
        yield from _inline_python(tokens[2], line, env)
        return
    if head in ("huggingface-cli", "hf") and len(tokens) > 1 and tokens[1] == "download":
        yield from _download(tokens[2:], line, env, evidence, "hf download")
        return
    if head == "modelscope" and len(tokens) > 1 and tokens[1] == "download":
        yield from _modelscope(tokens[2:], line, env, evidence)
        return
    if head == "ollama" and len(tokens) > 2 and tokens[1] in ("pull", "run", "show", "push", "cp"):
        yield from _value(tokens[2], "ollama", line, env, evidence, f"ollama {tokens[1]}")
        return
    if head == "git" and len(tokens) > 2 and tokens[1] == "clone":
        for t in tokens[2:]:
            if "huggingface.co/" in t or "hf.co/" in t:
                yield from _value(t, "hf", line, env, evidence, "git clone")
        return
    if head in ("docker", "podman", "nerdctl") and len(tokens) > 2 and tokens[1] == "run":
        rest = _container_args(tokens[2:])
        if rest:  # what follows the image is the container's command line: `vllm/vllm-openai --model X`
            yield from (_tokens(rest, line, env, evidence) if not rest[0].startswith("-") else _flags(rest, line, env, evidence))
        return
    if head in ("docker", "podman", "kubectl", "helm", "FROM"):
        return
    if head == "curl":
        yield from _curl(tokens[1:], line, env, evidence)
        yield from _fetched(tokens, line, env, evidence)
        return
    if head in FETCHERS or head in STORE_CLIS and len(tokens) > 1:
        yield from _fetched(tokens, line, env, evidence)
        return
    if len(tokens) > 2 and tokens[1] == "download":  # tune/litgpt/... download org/name: only an unambiguous Hub id
        yield from (h for h in _download(tokens[2:], line, env, evidence, f"{head} download")
                    if h.kind in (RefKind.HF_MODEL, RefKind.HF_DATASET) and "/" in h.identifier)
        return
    serve = head == "vllm" and len(tokens) > 2 and tokens[1] == "serve"
    if serve and not tokens[2].startswith("-"):
        yield from _value(tokens[2], "hf-cli", line, env, evidence, "vllm serve")
    elif head not in ("ollama", "vllm") and len(tokens) > 2 and tokens[1] in SERVE_VERBS:
        # lmdeploy serve api_server org/name, lmdeploy chat org/name: the first positionals, unambiguous Hub ids only
        positionals = [t for t in tokens[2:4] if not t.startswith("-")]
        for token in positionals[:2]:
            if token.endswith((".py", ".sh", ".yaml", ".yml", ".json", ".toml")):
                continue  # a script or config path, not a repo
            yield from (h for h in _value(token, "hf-cli", line, env, evidence, f"{head} {tokens[1]}")
                        if h.kind is RefKind.HF_MODEL and "/" in h.identifier)
    yield from _flags(tokens, line, env, evidence)


SERVE_VERBS = frozenset({"serve", "chat", "launch"})
DOCKER_OPTS_WITH_VALUE = frozenset({"-p", "--publish", "-v", "--volume", "-e", "--env", "--env-file", "--name", "--gpus",
                                    "--mount", "-w", "--workdir", "--network", "--net", "--entrypoint", "--shm-size", "--ipc",
                                    "--runtime", "-u", "--user", "--platform", "--restart", "-m", "--memory", "--cpus",
                                    "--device", "-l", "--label", "--log-driver", "-h", "--hostname", "--add-host", "--ulimit",
                                    "--pull", "--cap-add", "--security-opt", "--tmpfs", "--pid", "--cidfile", "--dns"})


def _container_args(args: list[str]) -> list[str]:
    """The tokens after the image in ``docker run [options] IMAGE [ARGS...]``."""
    i = 0
    while i < len(args):
        token = args[i]
        if not token.startswith("-"):
            return args[i + 1:]
        i += 2 if token in DOCKER_OPTS_WITH_VALUE else 1
    return []


def _inline_python(code: str, line: int | None, env: Mapping[str, str]) -> Iterator[Hit]:
    """``python -c "from huggingface_hub import snapshot_download; snapshot_download('org/name')"`` through the Python analyser."""
    import ast

    from .python.detector import analyse

    text, _ = expand(code, env)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    for hit in analyse(tree, text):
        yield Hit(kind=hit.kind, identifier=hit.identifier, line=line, via=f"python -c {hit.via}", evidence=text.strip()[:200],
                  provider=hit.provider, revision=hit.revision, specifier=hit.specifier, confidence=hit.confidence,
                  trust_remote_code=hit.trust_remote_code)


def _flags(tokens: list[str], line: int | None, env: Mapping[str, str], evidence: str) -> Iterator[Hit]:
    for i, token in enumerate(tokens):
        flag, eq, inline = token.partition("=")
        value = inline if eq else (tokens[i + 1] if i + 1 < len(tokens) else "")
        if eq and inline and not token.startswith("-") and "." in flag and _HYDRA_KEY.match(flag) and _hydra_model_key(flag):
            # a Hydra override (NeMo, fairseq, torchtune): model.language_model.pretrained_model_name=org/name,
            # verl's actor_rollout_ref.model.path=org/name
            yield from (h for h in _value(inline, "hf-cli", line, env, evidence, flag.lstrip("+~"))
                        if h.kind is not RefKind.MODEL_SLOT)
            continue
        if not token.startswith("-") or flag in NOT_MODEL_FLAGS:
            continue
        if flag in MODEL_FLAGS and value:
            hint = "hf-cli"
            if flag in ("-hf", "--hf-repo", "-hfr", "--hf-repo-draft"):
                value = re.sub(r":[^/]*$", "", value)
            yield from _value(value, hint, line, env, evidence, flag)
        elif flag in DATASET_FLAGS and value or value and flag.startswith("--") and (
                _DATASET_FLAG.search(flag) or "." in flag and _DATASET_FLAG.search("--" + flag.rsplit(".", 1)[-1])):
            # --data.prompt_dataset org/name: a nested (jsonargparse, OmegaConf) flag, read by its last part
            yield from _value(value, "dataset", line, env, evidence, flag)
        elif value and _named_model_flag(flag) and not value.startswith("-"):
            # --teacher-model, --reward_model_path ...: concrete ids only (a `$repo` there is too loose to be a slot)
            yield from (h for h in _value(value, "hf-cli", line, env, evidence, flag) if h.kind is not RefKind.MODEL_SLOT)
        elif flag in FILE_FLAGS and value and value.lower().endswith((".gguf", ".bin", ".safetensors", ".ggml", ".llamafile")):
            yield from _value(value, "hf-cli", line, env, evidence, flag)
        elif flag in ("--model_args", "--model-args") and value:
            for part in value.split(","):
                key, _, val = part.partition("=")
                if key.strip() in ("pretrained", "model", "peft", "tokenizer", "model_name") and val:
                    yield from _value(val, "hf-cli", line, env, evidence, f"{flag} {key}")


_HYDRA_KEY = re.compile(r"^[+~]{0,2}[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$")


_HYDRA_ID_KEYS = frozenset({"path", "name", "id", "repo", "repo_id", "name_or_path", "hf_path"})


def _hydra_model_key(key: str) -> bool:
    """``a.b.pretrained_model_name`` (the last key names a model) or ``a.model.path`` (an id key under a model key)."""
    parts = key.lstrip("+~").split(".")
    return _named_model_flag("--" + parts[-1]) or parts[-1].lower() in _HYDRA_ID_KEYS and _named_model_flag("--" + parts[-2])


def _named_model_flag(flag: str) -> bool:
    name = flag[2:].replace("-", "_").lower() if flag.startswith("--") else ""
    return ("model" in name or "llm" in name) and is_model_name(name)


def _value(raw: str, hint: str, line: int | None, env: Mapping[str, str], evidence: str, via: str,
           kind_hint: str | None = None) -> Iterator[Hit]:
    value, unknown = expand(raw, env)
    if unknown:
        if value.strip() == f"${{{unknown[0]}}}" and is_model_name(unknown[0]):
            yield Hit(kind=RefKind.MODEL_SLOT, identifier=unknown[0], line=line, via=via, evidence=evidence, confidence="medium")
        return
    found: Found | None
    if hint == "hf-cli":
        found = classify(value, "generic")
        if found is None or found.kind is RefKind.MODEL_FILE and not value.lower().endswith(WEIGHT_SUFFIXES):
            return
        if found.kind is RefKind.OLLAMA:
            return
    elif hint == "dataset":
        found = classify(value, "dataset")
    else:
        found = classify(value, hint)
    if found is None:
        return
    yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=via, evidence=evidence,
              provider=found.provider, revision=found.revision, confidence=found.confidence)


CURL_DATA_FLAGS = frozenset({"-d", "--data", "--data-raw", "--data-binary", "--json"})
CURL_BODY_MAX = 64 * 1024


def _curl(args: list[str], line: int | None, env: Mapping[str, str], evidence: str) -> Iterator[Hit]:
    """``curl URL -d '{"model": "org/name", "prompt": ...}'``: the request body of an OpenAI-compatible call names the
    model the server is asked for (production-stack's and most serving projects' smoke tests). Only the body's
    top-level ``model`` string is read (a JSON object of at most CURL_BODY_MAX characters); the URL's host decides
    the provider, as a base URL does (a local server: a Hub id or an Ollama tag on port 11434)."""
    import json

    from .providers import provider_for_url

    url = next((a for a in args if "://" in a and not a.startswith("-")), "")
    for i, arg in enumerate(args):
        flag, eq, inline = arg.partition("=")
        if flag not in CURL_DATA_FLAGS:
            continue
        if eq and flag.startswith("--"):
            body = inline  # --data={...}
        elif i + 1 < len(args):
            body = args[i + 1]
        else:
            continue
        if not body.lstrip().startswith("{") or len(body) > CURL_BODY_MAX:
            continue
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            continue
        model = data.get("model") if isinstance(data, dict) else None
        if not isinstance(model, str) or not model.strip():
            continue
        provider = provider_for_url(url) if url else None
        if provider == "ollama" or provider == "self-hosted" and ":11434" in url:
            yield from _value(model, "ollama", line, env, evidence, "curl model")
        elif provider and provider != "self-hosted":
            value, unknown = expand(model, env)
            found = None if unknown else classify(value, "api", provider, explicit=True)
            if found is not None:
                yield Hit(kind=found.kind, identifier=found.identifier, line=line, via="curl model", evidence=evidence,
                          provider=found.provider, revision=found.revision, confidence=found.confidence)
        else:
            yield from _value(model, "hf-cli", line, env, evidence, "curl model")


FETCHERS = frozenset({"wget", "aria2c", "ADD", "gsutil", "azcopy", "rclone", "s5cmd"})  # and curl
STORE_CLIS = frozenset({"aws", "gcloud"})  # aws s3 cp, gcloud storage cp


def _fetched(tokens: list[str], line: int | None, env: Mapping[str, str], evidence: str) -> Iterator[Hit]:
    """``wget https://.../yolov10n.pt``, ``aws s3 cp s3://bucket/model.joblib .``, Dockerfile ``ADD URL``: a weights file
    fetched by URL is a model-file dependency (a Hub file URL: its repository). Other URLs (scripts, archives, data)
    and URLs built from unknown variables say nothing."""
    for token in tokens[1:MAX_TOKENS]:
        if "://" not in token[:10]:
            continue
        value, unknown = expand(token, env)
        found = None if unknown else classify(value, "weights-url")
        if found is not None:
            yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=f"{tokens[0].rsplit('/', 1)[-1]} fetch",
                      evidence=evidence, revision=found.revision, confidence=found.confidence)


def _download(args: list[str], line: int | None, env: Mapping[str, str], evidence: str, via: str) -> Iterator[Hit]:
    repo_type = "model"
    positional: list[str] = []
    skip = False
    for i, token in enumerate(args):
        if skip:
            skip = False
            continue
        if token.startswith("-"):
            flag, eq, inline = token.partition("=")
            if flag in ("--repo-type", "--repo_type"):
                repo_type = inline if eq else (args[i + 1] if i + 1 < len(args) else "model")
            if flag in DOWNLOAD_OPTS and not eq:
                skip = True
            continue
        positional.append(token)
    if positional and repo_type != "space":
        yield from _value(positional[0], "dataset" if repo_type == "dataset" else "hf", line, env, evidence, via)


def _modelscope(args: list[str], line: int | None, env: Mapping[str, str], evidence: str) -> Iterator[Hit]:
    for i, token in enumerate(args):
        flag, eq, inline = token.partition("=")
        if flag == "--model":
            value = inline if eq else (args[i + 1] if i + 1 < len(args) else "")
            yield from _value(value, "modelscope", line, env, evidence, "modelscope download")
            return
        if flag in ("--dataset",):
            return
    if args and not args[0].startswith("-"):
        yield from _value(args[0], "modelscope", line, env, evidence, "modelscope download")


def _pip(tokens: list[str], line: int | None, evidence: str) -> Iterator[Hit]:
    try:
        start = next(i for i, t in enumerate(tokens) if t in ("install", "add"))
    except StopIteration:
        return
    if tokens[0] in ("conda", "mamba", "pixi"):
        return
    skip = False
    for token in tokens[start + 1:]:
        if skip:
            skip = False
            continue
        if token.startswith("-"):
            skip = token in PIP_OPTS_WITH_VALUE
            continue
        hit = requirement_hit(token, line, "pip install")
        if hit is not None:
            yield Hit(kind=hit.kind, identifier=hit.identifier, line=line, via="pip install", evidence=evidence,
                      specifier=hit.specifier, revision=hit.revision)


def script_lines(text: str) -> Iterator[tuple[int, str]]:
    """Logical lines of a shell script or recipe: backslash continuations joined, numbered by their first line."""
    buffer: list[str] = []
    first = 0
    for number, raw in enumerate(text_lines(text), start=1):
        if not buffer:
            first = number
        stripped = raw.rstrip()
        if stripped.endswith("\\"):
            buffer.append(stripped[:-1])
            continue
        buffer.append(stripped)
        yield first, _join(buffer)
        buffer = []
    if buffer:
        yield first, _join(buffer)


def _join(parts: list[str]) -> str:
    """Continuation lines joined; the first keeps its indentation (Makefile recipes are told apart by it)."""
    return " ".join([parts[0].rstrip()] + [p.strip() for p in parts[1:]])


MAX_CONTINUATION = 500  # physical lines followed from the first line of one logical command


def exact_lines(hits: Iterable[Hit], text: str, base: int = 0) -> Iterator[Hit]:
    """Hits of a command joined from ``\\`` continuation lines sit on the physical line that names them, not on the
    command's first line. ``base``: the file line number just before ``text``'s first line."""
    from dataclasses import replace

    physical: list[str] | None = None
    for hit in hits:
        if hit.line is None or not hit.identifier:
            yield hit
            continue
        if physical is None:
            physical = text.splitlines()
        index = hit.line - base - 1
        yield replace(hit, line=_physical(physical, index, hit.identifier) + base + 1) if 0 <= index < len(physical) else hit


def _physical(lines: list[str], index: int, identifier: str) -> int:
    """Index of the first line of the continuation block starting at ``index`` that names ``identifier``; failing
    that, the first that names its last part as a word of its own (``bert-base-uncased`` is written without the org
    its id is reported with; ``output/Qwen3-8B-lora`` does not name ``Qwen/Qwen3-8B``)."""
    names = {identifier, identifier.removesuffix(":latest")}
    block: list[str] = []
    for step in range(MAX_CONTINUATION):
        at = index + step
        if at >= len(lines):
            break
        if any(name in lines[at] for name in names):
            return at
        block.append(lines[at])
        if not lines[at].rstrip().endswith("\\"):
            break
    tail = identifier.rsplit("/", 1)[-1]
    if tail != identifier and tail:
        word = re.compile(rf"(?<![\w./-]){re.escape(tail)}(?![\w.-])")
        for step, text in enumerate(block):
            if tail in text and word.search(text):
                return index + step
    return index
