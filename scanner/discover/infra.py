"""Dockerfiles, shell scripts and Makefiles: variables that name models, serving and download commands, pip installs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from ..models import Reference, RefKind
from .base import Hit, SourceFile, hit_reference
from .envvars import variable_hits
from .shell import command_hits, exact_lines, expand, script_lines

_ASSIGN = re.compile(r"^\s*(?:export\s+|readonly\s+|local\s+|declare\s+(?:-\w+\s+)?)?(?P<name>[A-Za-z_]\w*)\s*(?P<op>\?=|:=|::=|\+=|!=|=)\s*(?P<value>.*)$")
SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".command")
SHELL_PREFILTER = re.compile(rb"model|ollama|vllm|download|pip|sglang|llama|serve|hf |wget|curl|aria2c|gsutil|azcopy|rclone|s5cmd|s3 |gcloud")


_ARRAY = re.compile(r"^(?:declare\s+-a\s+|local\s+)?(?P<name>[A-Za-z_]\w*)=\((?P<body>.*)$")
_VAR_USE = re.compile(r"\$\{?([A-Za-z_]\w*)")
_FOR = re.compile(r"^for\s+(?P<var>[A-Za-z_]\w*)\s+in\s+(?P<words>.*?)\s*;?\s*(?:do\b(?P<rest>.*))?$")


def script_hits(text: str, env: dict[str, str] | None = None) -> Iterator[Hit]:
    """A shell script: assignments feed later commands; ``for x in a b; do`` runs the body once per word."""
    env = {} if env is None else env
    loops: dict[str, list[str]] = {}
    order: dict[str, int] = {}  # loop variable -> when it was first defined (the order ``loops`` iterates in)
    arrays: dict[str, list[str]] = {}
    array: tuple[str, int, list[str]] | None = None  # (name, first line, words) of an array literal being read
    for line, logical in script_lines(text):
        stripped = logical.strip()
        if array is not None:
            body, _, closing = stripped.partition(")") if ")" in stripped and not stripped.startswith("#") else (stripped, "", None)
            array[2].extend(_words(body))
            if closing is not None:
                yield from _array_hits(array, arrays, env)
                array = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        start = _ARRAY.match(stripped)
        if start:
            body = start.group("body")
            array = (start.group("name"), line, _words(body.split(")", 1)[0]))
            if ")" in body:
                yield from _array_hits(array, arrays, env)
                array = None
            continue
        loop = _FOR.match(stripped)
        if loop:
            words_text = re.sub(r'"?\$\{(\w+)\[[@*]\]\}"?', lambda m: " ".join(arrays.get(m.group(1), [])), loop.group("words"))
            words, _ = expand(words_text, env)
            loops[loop.group("var")] = [w.strip("'\"") for w in words.split() if not w.startswith("$")][:50]
            order.setdefault(loop.group("var"), len(order))
            stripped = (loop.group("rest") or "").strip()
            if not stripped:
                continue
        m = _ASSIGN.match(stripped)
        if m and " " not in m.group("value").strip().strip("'\"") and m.group("op") in ("=", ":=", "?="):
            yield from variable_hits(m.group("name"), m.group("value"), line, env, stripped)
            continue
        command = stripped.lstrip("!").lstrip("$ ")
        # loop variables the command uses, first-defined first: read from the command (a pass over every loop
        # variable for every line was quadratic in a script of many loops: libtool's ltmain.sh, 6,000 lines)
        named = set(_VAR_USE.findall(command)) if "$" in command else set()
        used = sorted((var for var in named if var in loops), key=order.__getitem__) if named else []
        if used:
            for value in loops[used[0]]:
                yield from command_hits(command, line, {**env, used[0]: value})
            continue
        yield from command_hits(command, line, env)


def _words(text: str) -> list[str]:
    import shlex

    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def _array_hits(array: tuple[str, int, list[str]], arrays: dict[str, list[str]], env: dict[str, str]) -> Iterator[Hit]:
    """``MODELS=( "org/a" "org/b" )``: remembered for ``"${MODELS[@]}"``; reported when the name names models."""
    name, line, words = array
    arrays[name] = words[:100]
    for word in words:
        yield from variable_hits(name, word, line, dict(env), f"{name}=( {word} )")


_OLLAMA_CREATE = re.compile(r"\bollama\s+create\s+([\w.:/-]+)")


def without_created(hits: Iterable[Hit], text: str) -> list[Hit]:
    """Drop Ollama tags this same file builds with ``ollama create NAME``: local aliases, not library models."""
    created = {n if ":" in n else f"{n}:latest" for n in _OLLAMA_CREATE.findall(text)}
    return [h for h in hits if not (h.kind is RefKind.OLLAMA and h.identifier in created)]


# ``gh api "repos/${REPO}"``, ``https://github.com/$REPO``, ``quay.io/api/v1/repository/${quay_repo}``, ``gh -R "$REPO"``:
# a script that expands the variable there names a repository of a code host or an image registry with it
_FOREIGN_REPO_USE = re.compile(r"(?:github\.com/|gitlab\.com/|\brepos/|\brepository/|quay\.io/|ghcr\.io/|docker\.io/|"
                               r"--repo[= ]\"?|\s-R \"?)\$\{?(\w{1,64})")


def without_foreign_repos(hits: list[Hit], text: str) -> list[Hit]:
    """Drop the Hub ids of variables the same script uses as a GitHub/GitLab repository or a container image path
    (``REPO="${REPO:-owner/project}"`` read by ``gh api repos/${REPO}``): an ``owner/name`` there is no model."""
    names = set(_FOREIGN_REPO_USE.findall(text)) if "$" in text else set()
    if not names:
        return hits
    return [h for h in hits if not (h.kind is RefKind.HF_MODEL and h.via.startswith("var:") and h.via[4:] in names)]


class ShellScriptDetector:
    """Shell scripts (``*.sh`` and friends, or a shebang naming a shell)."""

    name = "shell"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix in SHELL_SUFFIXES

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        if not SHELL_PREFILTER.search(src.lowered):  # lower-case pattern over lowered bytes = (?i) over the bytes
            return ()
        hits = without_foreign_repos(list(exact_lines(script_hits(src.text), src.text)), src.text)
        return [hit_reference(src, h, self.name) for h in without_created(hits, src.text)]


class MakefileDetector:
    """Makefiles and justfiles (variables and recipe commands) and Procfiles (one command per process type)."""

    name = "makefile"

    def wants(self, src: SourceFile) -> bool:
        name = src.name.lower()
        return name in ("makefile", "gnumakefile", "justfile", "procfile") or src.suffix == ".mk" or name.startswith("procfile.")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        env: dict[str, str] = {}
        hits: list[Hit] = []
        procfile = src.name.lower().startswith("procfile")
        for line, logical in script_lines(src.text):
            if not logical.strip() or logical.lstrip().startswith("#"):
                continue
            if procfile:  # `worker: python -m vllm.entrypoints.openai.api_server --model X`
                process, sep, command = logical.partition(":")
                if sep and process.strip().replace("-", "_").isidentifier():
                    hits.extend(command_hits(command.strip(), line, env))
                continue
            recipe = logical.startswith("\t") or logical.startswith("    ")
            m = _ASSIGN.match(logical)
            if not recipe and m:
                hits.extend(variable_hits(m.group("name"), m.group("value"), line, env, logical.strip()))
            elif recipe:
                hits.extend(command_hits(logical.strip().lstrip("@-+"), line, env))
        return [hit_reference(src, h, self.name) for h in without_created(list(exact_lines(hits, src.text)), src.text)]


class DockerfileDetector:
    """Dockerfile / Containerfile: ARG and ENV values, RUN / CMD / ENTRYPOINT commands (FROM images are not models)."""

    name = "dockerfile"

    def wants(self, src: SourceFile) -> bool:
        name = src.name.lower()
        return name.startswith(("dockerfile", "containerfile")) or name.endswith((".dockerfile", ".containerfile"))

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        hits = list(exact_lines(dockerfile_hits(src.text), src.text))
        return [hit_reference(src, h, self.name) for h in without_created(hits, src.text)]


def dockerfile_hits(text: str) -> Iterator[Hit]:
    env: dict[str, str] = {}
    for line, logical in script_lines(text):
        stripped = logical.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword, _, rest = stripped.partition(" ")
        keyword = keyword.upper()
        if keyword in ("ARG", "ENV", "LABEL"):
            if keyword == "LABEL":
                continue
            for name, value in _pairs(rest):
                yield from variable_hits(name, value, line, env, stripped)
        elif keyword in ("RUN", "CMD", "ENTRYPOINT"):
            yield from command_hits(_exec_form(rest), line, env)
        elif keyword == "ADD":  # ADD https://.../model.onnx /app/: a weights file fetched at build time
            yield from command_hits("ADD " + _exec_form(rest), line, env)


def _pairs(rest: str) -> Iterator[tuple[str, str]]:
    """``ENV A=1 B="2"`` and the legacy ``ENV A 1``."""
    import shlex

    try:
        tokens = shlex.split(rest, posix=True)
    except ValueError:
        tokens = rest.split()
    if tokens and "=" not in tokens[0]:
        yield tokens[0], " ".join(tokens[1:])
        return
    for token in tokens:
        name, eq, value = token.partition("=")
        if eq:
            yield name, value


def _exec_form(rest: str) -> str:
    text = rest.strip()
    if text.startswith("["):
        try:
            parts = json.loads(text)
            if isinstance(parts, list):
                import shlex

                return " ".join(shlex.quote(str(p)) for p in parts)
        except ValueError:
            pass
    return text
