"""Model references in Python source, read through ``ast`` (never imported or executed)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ...models import Context, Reference, RefKind
from ..base import Hit, SourceFile, hit_reference, line_at
from ..classify import Found, classify, hub_file_url, remote_weights
from ..ids import is_placeholder_name
from ..names import is_model_name
from ..providers import BASE_URL_KEYS, provider_for_url
from ..shell import MODEL_ARGS_REMOTE
from .astwalk import Nodes
from .catalog import CATALOG_MODULE
from .imports import inline_imported_constants
from .named import NamedValues, image_packages
from .pipeline_defaults import CONSTRUCTOR_DEFAULTS, constructor_default
from .sinks import GENERIC_KW, OUTPUT_CALLS, Sink, class_provider, find_sink
from .trust import KEYWORD, hub_orphan, orphan_hit, remote_keyword
from .values import Program, Scope, Val, dotted

# Byte-level pre-filter: a file with none of these string shapes holds nothing the analyser would report, so it is
# not parsed. Every reference ends in a string literal: ``org/name`` (or a piece of one), an API or legacy model
# name, ``name:tag``, an env var named like a model, a weights file, or a requirement in setup.py.
_QUOTED = re.compile(
    rb"""['"](?:[^'"\s]{0,200}/"""
    rb"""|(?:gpt|o[134]-|o[134]['"]|claude|gemini|deepseek|qwen|qwq|glm|moonshot|kimi|ernie|command|rerank|embed|mistral|"""
    rb"""codestral|llama|phi|gemma|text-embedding|yi-|abab|doubao|hunyuan|grok|sonar|bert|distil|roberta|t5-|xlm|albert|"""
    rb"""xlnet|bart|ctrl|camembert|hf-hub:|hf_hub:|local:|ollama|anthropic|openai|google|groq|together|dashscope|"""
    rb"""nomic|mxbai|all-minilm|smollm|tinyllama|starcoder|whisper|minicpm|internlm|baichuan|chatglm|us\.|eu\.)"""
    rb"""|[a-z0-9][\w.-]{0,80}:[\w.-]{1,60}['"]"""
    rb"""|\w{0,40}model)"""
)
# A file with no string shape may still pass a constant imported from a sibling module to a loader or client.
# (Linear: each import statement's names are searched only up to the next statement; the former single regex,
# ``\([^)]*?`` then a constant, rescanned to the end of the file from every unclosed ``from x import (``.)
_IMPORT_START = re.compile(rb"(?m)^from[ \t]+(?P<module>[\w.]{1,200})[ \t]+import\b[ \t]*(?P<paren>\(?)")
_CONSTANT = re.compile(rb"\b(?!TYPE_CHECKING\b)[A-Z][A-Z0-9_]+\b")
IMPORT_SPAN = 4096  # characters of one import statement looked at


def imports_constants(data: bytes) -> bool:
    """``from module import NAME`` (an upper-case constant), or any import from a sibling module / Django settings."""
    matches = _IMPORT_START.finditer(data)
    current = next(matches, None)
    while current is not None:
        following = next(matches, None)
        module = current.group("module")
        if module.startswith(b".") or module == b"django.conf":
            return True
        limit = min(following.start() if following is not None else len(data), current.end() + IMPORT_SPAN)
        end = data.find(b")" if current.group("paren") else b"\n", current.end(), limit)
        if _CONSTANT.search(data, current.end(), limit if end < 0 else end) is not None:
            return True
        current = following
    return False
_SINK_WORD = re.compile(rb"model|pretrained|encoder|embed|llm|client|pipeline")
_WEIGHTS = re.compile(rb"""\.(?:gguf|safetensors|ggml|pt|pth|ckpt|onnx|bin)['"]""")
# A quoted URL (or object-store URI, detectron2:// path) ending in a weights file's name: a download named in code
_WEIGHTS_URL = re.compile(rb"""://[^'"\s]{1,1000}?\.(?:gguf|safetensors|ggml|pt|pth|ckpt|onnx|bin|pkl|pickle|h5|keras|"""
                          rb"""joblib|npy|npz|tflite|mlmodel|pb|llamafile)['"]""")
# ... and the walk's gate on the text: a URL somewhere and a quoted string ending like a weights file (the two may be
# parts of one implicitly concatenated literal, ``("https://host/releases/download/" "v1/net.onnx")``)
_WEIGHTS_END_TEXT = re.compile(r"""\.(?:gguf|safetensors|ggml|pt|pth|ckpt|onnx|bin|pkl|pickle|h5|keras|joblib|npy|npz|"""
                               r"""tflite|mlmodel|pb|llamafile)['"]""", re.I)


def prefilter(data: bytes) -> bool:
    """Cheap byte-level check before ``ast.parse`` (one regex pass over the lower-cased bytes, at tens of MB/s)."""
    if b"install_requires" in data or b"trust_remote_code" in data:  # remote code is flagged whatever the model id
        return True
    if b"pipeline(" in data:  # pipeline("ner"): the task's default model, named nowhere in the file
        return True
    if b"torch.hub" in data or b"hub.load(" in data or b"hub.list(" in data or b"hub.help(" in data:
        return True  # torch.hub.load(sys.argv[1], ...): code from GitHub runs whatever the repository
    lowered = data.lower()
    if b"whisper" in lowered:  # whisper.load_model("medium"): a size name, not an id shape
        return True
    if b"sentencetransformer" in lowered or b"huggingfaceembedding" in lowered or b"sparseencoder" in lowered \
            or b"fastembedembedding" in lowered or b"huggingfacebgeembedding" in lowered or b"instructembedding" in lowered:
        return True  # SentenceTransformer("clip-ViT-B-32"): an org-less name the library prefixes (ST_PREFIXED)
    return _QUOTED.search(lowered) is not None or _WEIGHTS.search(lowered) is not None \
        or b"://" in lowered and _WEIGHTS_URL.search(lowered) is not None


# Classes that load through sentence_transformers.SentenceTransformer (which prefixes an org-less name), and the
# families of the org-less Transformers checkpoints it leaves alone (its ``basic_transformer_models``).
ST_PREFIXED = frozenset({"SentenceTransformer", "SparseEncoder", "SentenceTransformerEmbeddings", "HuggingFaceEmbeddings",
                         "HuggingFaceEmbedding"})
_ST_BARE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,94}[A-Za-z0-9]$")
_ST_BASIC = ("albert-", "bert-", "camembert-", "ctrl", "distilbert-", "distilgpt2", "distilroberta-", "gpt2", "openai-gpt",
             "roberta-", "t5-", "xlm-", "xlnet-")
_COLON_ID = re.compile(r"^(openai|anthropic|google_genai|google-gla|google-vertex|google_vertexai|groq|mistral|mistralai|cohere|"
                       r"deepseek|bedrock|azure_openai|together|fireworks|xai|ollama|openrouter):[\w.:/-]+$")
CLOUD_CLIENTS = {"AnthropicVertex": "google", "AsyncAnthropicVertex": "google", "AnthropicBedrock": "bedrock",
                 "AsyncAnthropicBedrock": "bedrock", "AzureOpenAI": "azure", "AsyncAzureOpenAI": "azure"}


_GENERIC_KW = frozenset(GENERIC_KW)
_DATASET_CLASS = re.compile(r"Dataset(?![a-z])|(?:^|_)datasets?(?:$|_)")  # LeRobotDataset, HubDatasetLoader, load_hf_dataset
# Keywords that name a Hub dataset whatever the callee (only org/name shapes are read as datasets)
_DATASET_KW = frozenset({"dataset_name", "dataset_path", "dataset_id", "dataset_repo", "dataset_name_or_path", "hf_dataset",
                         "dataset_repo_id", "hf_dataset_name"})
CATALOG_KINDS = frozenset({RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL, RefKind.OLLAMA, RefKind.API_MODEL, RefKind.MODEL_SLOT})


def _lazy_call(call: ast.Call) -> ast.Call | None:
    """``dict(type=load_dataset, path=data_path)`` (OpenMMLab's lazy config, built later with ``type(**rest)``) as
    the call ``load_dataset(path=data_path)``; None when ``type`` is not a callable named in code (a registry string)."""
    kind = next((k.value for k in call.keywords if k.arg == "type"), None)
    if not isinstance(kind, (ast.Name, ast.Attribute)) or call.args:
        return None
    keywords = [k for k in call.keywords if k.arg != "type"]
    return ast.copy_location(ast.Call(func=kind, args=[], keywords=keywords), call) if keywords else None


class PythonDetector:
    """Loader and client calls, followed through constants, env defaults, containers, attributes and parameters."""

    name = "python"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix in (".py", ".pyw")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        quick = prefilter(src.data)
        if not quick and not (imports_constants(src.data) and _SINK_WORD.search(src.data.lower())):
            return ()
        try:
            tree = ast.parse(src.data, filename=src.relpath)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            lowered = lower_newer_syntax(src.data)
            parsed = _parse_or_none(lowered, src.relpath) if lowered is not None else None
            if parsed is None:
                src.gaps.append(parse_failure(exc, src.data))
                return ()
            tree = parsed
        if not inline_imported_constants(tree, src.root, src.relpath, src.depends_on) and not quick:
            return ()  # parsed only for constants imported from a sibling module, and there were none
        hits = list(analyse(tree, src.text))
        if src.name == "setup.py":
            from ..deps import setup_py_requirements

            hits.extend(setup_py_requirements(tree, src.text))
        nodes = Nodes(tree)  # one walk of the module for the catalogue and support passes (computed if either runs)
        if src.context is Context.CODE:  # tests, notebooks and docs keep their own context
            hits = catalog_context(tree, src.text, hits, module_role=bool(CATALOG_MODULE.match(src.name)), nodes=nodes)
        from .support import support_strings, to_mentions

        hits = to_mentions(hits, support_strings(tree, src.text, nodes), src.text)  # prefix lists and comparisons: mentions
        return [hit_reference(src, h, self.name) for h in hits]


def catalog_context(tree: ast.Module, text: str, hits: list[Hit], *, module_role: bool = False, nodes: Nodes | None = None) -> list[Hit]:
    """Hits inside a model catalogue (registry call, model table) take context ``catalog``; the catalogue's other ids join."""
    from dataclasses import replace

    from .catalog import find_catalogs, in_span, with_evidence, worth_walking

    if not worth_walking(text):
        return hits
    spans, listed = find_catalogs(tree, module_role=module_role, nodes=nodes)
    if not spans:
        return hits
    by_place = {(h.identifier.lower(), h.line): h for h in with_evidence(listed, text)}
    out: list[Hit] = []
    for hit in hits:
        if hit.kind in CATALOG_KINDS and in_span(spans, hit.line):
            if (hit.identifier.lower(), hit.line) in by_place:
                continue  # the catalogue's reading of the same string wins (it knows a ModelScope column)
            hit = replace(hit, context=Context.CATALOG)
        out.append(hit)
    out.extend(by_place.values())
    return out


_NEWER_SYNTAX = re.compile(rb"(?m)^[ \t]*(?:type[ \t]+[A-Za-z_]\w*[ \t]*[\[=]|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\[|class[ \t]+\w+[ \t]*\[)")


_PEP695_HEAD = re.compile(rb"^([ \t]*)(type|def|async[ \t]+def|class)[ \t]+([A-Za-z_]\w*)[ \t]*(\[)?")


def lower_pep695(data: bytes) -> bytes | None:
    """``data`` with Python 3.12's type parameter syntax (PEP 695) lowered to what Python 3.11 parses, line for line:
    ``type Alias[T] = X`` -> ``Alias = X``, ``def f[T](x: T)`` -> ``def f(x: T)``, ``class C[T](B)`` -> ``class C(B)``.
    The scanner runs on 3.11, where such a module was a coverage gap left to the fallback scan although 3.12 runs it.
    None when nothing was lowered; a parameter list not closed on its line is left as it is (the parse still fails)."""
    lines = data.split(b"\n")
    changed = False
    for number, line in enumerate(lines):
        head = _PEP695_HEAD.match(line)
        if head is None:
            continue
        keyword = head.group(2)
        end = head.end(3)
        if head.group(4) is not None:
            close = _closing_bracket(line, head.start(4))
            if close is None:
                continue
            end = close + 1
        rest = line[end:]
        if keyword == b"type":
            if not rest.lstrip(b" \t").startswith(b"=") or rest.lstrip(b" \t").startswith(b"=="):
                continue  # ``type = 3``, ``type(x)``: the builtin, not an alias statement
            lines[number] = head.group(1) + head.group(3) + rest
        elif head.group(4) is not None:
            lines[number] = line[:head.start(4)] + rest
        else:
            continue
        changed = True
    return b"\n".join(lines) if changed else None


_FSTRING_START = re.compile(r"(?<![\w'\"])(?:[fF]|[rR][fF]|[fF][rR])(['\"])")


def lower_pep701(text: str) -> str | None:
    """``text`` with Python 3.12's reuse of an f-string's own quote inside its replacement fields (PEP 701:
    ``f"{size("./x")} MB"``) rewritten to the other quote (``f"{size('./x')} MB"``), which 3.11 parses; one pass per
    line, positions kept (a quote for a quote). Single-line f-strings only; a nested string holding the other quote or
    a backslash is left alone. None when nothing changed (the caller parses the result and keeps it only if it parses)."""
    lines = text.split("\n")
    changed = False
    for number, line in enumerate(lines):
        if ("f'" not in line and 'f"' not in line and "F'" not in line and 'F"' not in line) or len(line) > 10_000:
            continue
        swapped = _swap_nested_quotes(line)
        if swapped is not None:
            lines[number] = swapped
            changed = True
    return "\n".join(lines) if changed else None


def _swap_nested_quotes(line: str) -> str | None:
    """``line`` with the quotes of strings nested in its f-strings' replacement fields swapped; None if none were."""
    chars = list(line)
    changed = False
    position = 0
    while (start := _FSTRING_START.search(line, position)) is not None:
        quote = start.group(1)
        other = "'" if quote == '"' else '"'
        if line.startswith(quote * 3, start.start(1)):
            return "".join(chars) if changed else None  # a triple-quoted f-string: left as it is
        index, depth, end = start.end(), 0, len(line)
        while index < end:
            char = line[index]
            if depth == 0:
                if char == "\\":
                    index += 1
                elif char == "{":
                    if line.startswith("{{", index):
                        index += 1
                    else:
                        depth = 1
                elif char == quote:
                    break  # the f-string's end
            elif char in "{[(":
                depth += 1
            elif char in "}])":
                depth -= 1
            elif char in (quote, other):
                close = line.find(char, index + 1)
                if close < 0:
                    return "".join(chars) if changed else None
                if char == quote:
                    inner = line[index + 1:close]
                    if other in inner or "\\" in inner:
                        return "".join(chars) if changed else None
                    chars[index] = chars[close] = other
                    changed = True
                index = close
            index += 1
        position = index + 1
    return "".join(chars) if changed else None


def _closing_bracket(line: bytes, start: int) -> int | None:
    """Index of the ``]`` closing the ``[`` at ``start`` on the same line (one pass, no recursion), or None."""
    depth = 0
    for index in range(start, len(line)):
        char = line[index]
        if char in b"[(":
            depth += 1
        elif char in b"])":
            depth -= 1
            if depth == 0:
                return index if char == ord("]") else None
    return None


def lower_newer_syntax(data: bytes) -> bytes | None:
    """``data`` with the 3.12 forms this Python does not parse lowered line for line (PEP 695 type parameters, PEP 701
    quotes reused inside f-strings); None when neither applies."""
    lowered = lower_pep695(data) if _NEWER_SYNTAX.search(data) is not None else None
    if b'f"' in data or b"f'" in data or b'F"' in data or b"F'" in data:
        text = (lowered if lowered is not None else data).decode("utf-8", "replace")
        quoted = lower_pep701(text)
        if quoted is not None:
            return quoted.encode("utf-8")
    return lowered


def _parse_or_none(data: bytes, filename: str) -> ast.Module | None:
    try:
        return ast.parse(data, filename=filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def parse_failure(exc: BaseException, data: bytes) -> tuple[str, str]:
    """(reason, detail) for a source ``ast.parse`` refused: newer syntax (PEP 695), a syntax or decode error..."""
    if isinstance(exc, SyntaxError):
        where = f" (line {exc.lineno})" if exc.lineno else ""
        message = f"{exc.msg}{where}"
        if "decode" in str(exc.msg) or "codec" in str(exc.msg):
            return "decode-error", message
        if _NEWER_SYNTAX.search(data) is not None:
            return "newer-syntax", f"syntax this Python cannot parse (PEP 695 type/generics?): {message}"
        return "syntax-error", message
    if isinstance(exc, (RecursionError, MemoryError)):
        return "too-deep", "nesting too deep for the parser"
    return "invalid-source", str(exc)[:200]


def analyse(tree: ast.Module, text: str) -> Iterator[Hit]:
    """Every reference in a parsed module; ``text`` gives evidence lines."""
    return _Analysis(tree, text).run()


class _Analysis(NamedValues):
    def __init__(self, tree: ast.Module, text: str) -> None:
        self.program = Program.build(tree)
        self.tree = tree
        self.text = text
        self.consumed: set[int] = set()
        self.outputs: set[int] = set()  # expressions bound to a name that is handed to an output call (push_to_hub)
        self._written: set[str] | None = None  # texts handed to an output call anywhere in the file (model.save("x"))
        self.pending: dict[tuple[str, str], list[tuple[Sink, str | None, bool]]] = {}
        # (function, parameter, sink) already handed to callers: helpers passing a parameter to each other
        # (f -> g -> f, or one call site per branch) would otherwise re-send it every round, multiplying the list
        self.propagated: set[tuple[tuple[str, str], tuple[Sink, str | None, bool]]] = set()
        self.seen: set[tuple[str, str, int | None]] = set()
        self.dict_calls: list[tuple[ast.Call, Scope]] = []
        self.remote_calls: dict[tuple[int, int], tuple[ast.Call, Scope, str]] = {}  # calls with trust_remote_code on
        self.remote_hits: set[tuple[int, int]] = set()  # ... of which a model hit already carries the flag
        self.hub_calls: dict[tuple[int, int], tuple[ast.Call, Scope, str]] = {}  # torch.hub calls ...
        self.hub_read: set[tuple[int, int]] = set()  # ... of which some value of the repository was read

    def run(self) -> Iterator[Hit]:
        hits = list(self._run())
        for at, (call, scope, callee) in self.remote_calls.items():
            if at not in self.remote_hits:  # remote code on, model id unknown (argv, env, parameter, other module)
                hits.append(orphan_hit(call, self.program, scope, callee, line_at(self.text, call.lineno)))
        for at, (call, scope, callee) in self.hub_calls.items():
            if at not in self.hub_read and not self._local_hub(call, scope):  # torch.hub.load(sys.argv[1], ...)
                hits.append(hub_orphan(call, callee, line_at(self.text, call.lineno)))
        created = self._ollama_created()
        kept: dict[tuple[RefKind, str, int | None], Hit] = {}
        for hit in hits:
            key = (hit.kind, hit.identifier, hit.line)
            if hit.kind is RefKind.OLLAMA and hit.identifier in created:
                continue
            if key not in kept or hit.trust_remote_code and not kept[key].trust_remote_code:
                kept[key] = hit
        yield from kept.values()

    def _ollama_created(self) -> set[str]:
        """Models built in this file with ``ollama.create(model=...)``: local aliases, not library models."""
        names: set[str] = set()
        for call, scope in self.program.calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr == "create" and "ollama" in self._qualname(call.func, scope)[0]:
                for kw in call.keywords:
                    if kw.arg == "model":
                        for val in self.program.values(kw.value, scope):
                            if val.text:
                                names.add(val.text if ":" in val.text else f"{val.text}:latest")
        return names

    def _run(self) -> Iterator[Hit]:
        for call, scope in self.program.calls:
            yield from self._call(call, scope)
        for _ in range(3):  # values passed in by callers of helper functions (one level per round)
            pending, self.pending = self.pending, {}
            if not pending:
                break
            yield from self._callers(pending)
        yield from self._named_values()
        yield from self._dicts()
        yield from self._dict_calls()
        yield from self._model_lists()
        yield from image_packages(self.program.calls)
        yield from self._weights_urls()

    def _weights_urls(self) -> Iterator[Hit]:
        """A string that is a weights file's URL (``https://host/.../x.pth``, a Hub ``resolve`` URL, ``s3://b/x.pt``)
        names a file the code downloads, wherever it stands (a zoo table under any name, a tuple of file name and
        URL, a test's expected URL): as under any key of a config file. Values already read by a sink or a name are
        not repeated. Only files holding such a quoted URL are walked."""
        if "://" not in self.text or _WEIGHTS_END_TEXT.search(self.text) is None:
            return
        from .astwalk import bfs

        for node in bfs(self.tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in self.consumed:
                continue
            text = node.value
            if len(text) > 2000 or "://" not in text[:16]:
                continue
            found = remote_weights(text) or hub_file_url(text)
            if found is not None:
                self.consumed.add(id(node))
                yield Hit(kind=found.kind, identifier=found.identifier, line=node.lineno, via="weights-url",
                          evidence=line_at(self.text, node.lineno), confidence="medium")

    # ---- calls ---------------------------------------------------------------------------------
    def _call(self, call: ast.Call, scope: Scope) -> Iterator[Hit]:
        if not call.args and not call.keywords:
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name not in CONSTRUCTOR_DEFAULTS:
                return  # nothing to read (exact: no argument reaches a sink, no keyword turns remote code on, ``dict()`` is empty)
        qualname, ctor = self._qualname(call.func, scope)
        ctor_module = self._qualname(ctor.func, scope)[0].split("(")[0] if ctor is not None else None
        sink = find_sink(qualname, ctor_module) if qualname else None
        callee = qualname.rsplit(".", 1)[-1]
        if callee in OUTPUT_CALLS:
            self._outputs(call, scope)
            return
        if qualname == "dict":
            self.dict_calls.append((call, scope))  # a value, not a consumer: read after the calls that receive it
            lazy = _lazy_call(call)
            if lazy is not None:  # mmengine/xtuner configs: dict(type=AutoModel.from_pretrained, ...) is that call, deferred
                yield from self._call(lazy, scope)
            return
        names = [k.arg for k in call.keywords]  # the keyword names, asked about below without a loop each
        if None in names:
            call = self._expand_kwargs(call, scope)
            names = [k.arg for k in call.keywords]
        if KEYWORD in names and remote_keyword(call, self.program, scope) is not None:
            self.remote_calls.setdefault((call.lineno, call.col_offset), (call, scope, qualname))
        if "model_args" in names:
            for kw in call.keywords:  # lm_eval.simple_evaluate(model="hf", model_args="pretrained=org/name,dtype=...")
                if kw.arg == "model_args":
                    for val in self.program.values(kw.value, scope):
                        yield from self._emit(val, kw.value, call, Sink("model-args", ("model_args",), None, name="model_args"), None, False, scope)
        if sink is None:
            if callee in self.program.functions or callee in self.program.inits:
                return  # a helper defined here: its parameters are followed to the loader they feed
            if "repo_id" in names and _GENERIC_KW.intersection(names) == {"repo_id"} and _DATASET_CLASS.search(callee):
                # LeRobotDataset(repo_id="lerobot/pusht"): an imported dataset class's repo is a dataset, not a model
                sink = Sink("dataset", ("repo_id",), None, name="dataset keyword")
            elif not _GENERIC_KW.isdisjoint(names):
                sink = Sink("generic", GENERIC_KW, None, name="keyword")
            elif not _DATASET_KW.isdisjoint(names):  # DataLoader().from_huggingface(dataset_name="org/name", ...)
                sink = Sink("dataset", tuple(sorted(_DATASET_KW)), None, name="dataset keyword")
            elif call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str) and _COLON_ID.match(call.args[0].value):
                sink = Sink("litellm", (), 0, name="provider:model")
            elif "." in qualname and callee[:1].isupper() and is_model_name(callee) \
                    and (call.args or "name" in names):
                # FlagReranker("org/name"), HuggingFaceEncoder(name="org/name"): an imported class named like a model
                sink = Sink("generic", ("name",), 0, provider=class_provider(callee), name="model class")
            else:
                return
        if sink.hint in ("hf", "modelscope") and "hub" in names:
            sink = self._hub_choice(call, scope, sink)
        provider, explicit = self._provider(call, ctor, scope, sink)
        if sink.hint == "torch-hub":
            self.hub_calls.setdefault((call.lineno, call.col_offset), (call, scope, sink.name))
        if sink.name == "pipeline" and sink.hint == "hf" and not self._arguments(call, sink):
            yield from self._pipeline_default(call, scope)
            return
        if sink.name in CONSTRUCTOR_DEFAULTS and not self._arguments(call, sink) and not _spread(call):
            repo = constructor_default(qualname)  # HuggingFaceEmbeddings(): the wrapper's default model
            if repo is not None:
                yield self._default_hit(repo, call, f"{sink.name} default")
            return
        for expr in self._arguments(call, sink):
            for val in self.program.values(expr, scope):
                yield from self._emit(val, expr, call, sink, provider, explicit, scope)

    def _written_texts(self) -> set[str]:
        """Strings handed to an output call in this file: ``model.save("tmp-clip-model")`` makes a later
        ``SentenceTransformer("tmp-clip-model")`` a local folder, not an org-less Hub name (computed once, on demand)."""
        if self._written is None:
            self._written = {val.text for call, scope in self.program.calls if dotted(call.func).rsplit(".", 1)[-1] in OUTPUT_CALLS
                             for expr in [*call.args, *(k.value for k in call.keywords)] if not isinstance(expr, ast.Starred)
                             for val in self.program.values(expr, scope) if val.text}
        return self._written

    def _outputs(self, call: ast.Call, scope: Scope) -> None:
        """``model.push_to_hub(repo_id)``, ``upload_folder(repo_id=...)``: the repo written to is an output; a
        model-named variable holding it (``repo_id``, ``hub_model_id``) is not reported by the second pass either."""
        for expr in [*call.args, *(k.value for k in call.keywords)]:
            if isinstance(expr, ast.Starred):
                continue
            for val in self.program.values(expr, scope):
                if val.node is not None:
                    self.consumed.add(id(val.node))
            if isinstance(expr, ast.Name):  # repo_id = f"{name}-distilled": a composed value has no constant to mark
                self.outputs.update(id(node) for how, node, _ in self.program.lookup(expr.id, scope) if how == "expr")

    def _expand_kwargs(self, call: ast.Call, scope: Scope) -> ast.Call:
        """``f(**params)`` with ``params = {"model": ...}`` or ``dict(model=...)`` bound in this file: the keywords it adds."""
        keywords: list[ast.keyword] = []
        for kw in call.keywords:
            if kw.arg is not None:
                keywords.append(kw)
                continue
            sources: list[ast.AST] = [kw.value]
            if isinstance(kw.value, ast.Name):
                sources = [node for how, node, _ in self.program.lookup(kw.value.id, scope) if how == "expr"]
            for node in sources:
                if isinstance(node, ast.Dict):
                    keywords.extend(ast.copy_location(ast.keyword(arg=k.value, value=v), v) for k, v in zip(node.keys, node.values, strict=True)
                                    if isinstance(k, ast.Constant) and isinstance(k.value, str))
                elif isinstance(node, ast.Call) and dotted(node.func) == "dict":
                    keywords.extend(k for k in node.keywords if k.arg is not None)
        return ast.copy_location(ast.Call(func=call.func, args=call.args, keywords=keywords), call)

    def _emit(self, val: Val, expr: ast.AST, call: ast.Call, sink: Sink, provider: str | None, explicit: bool,
              scope: Scope) -> Iterator[Hit]:
        line = getattr(expr, "lineno", call.lineno)
        if val.param is not None:
            wanted = (sink, provider, explicit)
            if (val.param, wanted) not in self.propagated:  # the same callers would give the same values again
                self.propagated.add((val.param, wanted))
                self.pending.setdefault(val.param, []).append(wanted)
            return
        hub = sink.hint == "torch-hub"
        if hub:
            self.hub_read.add((call.lineno, call.col_offset))
        if hub and self._local_hub(call, scope):
            return  # torch.hub.load(folder, ..., source="local"): the project's own hubconf.py
        if val.slot is not None:
            if sink.hint != "dataset":
                hit = self._hit(Found(RefKind.MODEL_SLOT, val.slot, confidence="medium"), line, sink.name, call, scope)
                yield replace(hit, trust_remote_code=True) if hub else hit  # whichever repository it is, its code runs
            return
        found = self._classify(val.text or "", sink, call, provider, explicit, scope)
        if found is None:
            return
        if val.node is not None:
            self.consumed.add(id(val.node))
        hit = self._hit(found, line, sink.name, call, scope)
        if hub:
            hit = replace(hit, trust_remote_code=True)  # torch.hub imports the repository's hubconf.py: its code runs
        if sink.hint == "model-args" and not hit.trust_remote_code and MODEL_ARGS_REMOTE.search(val.text or ""):
            hit = replace(hit, trust_remote_code=True)  # model_args="pretrained=org/name,trust_remote_code=True"
        yield hit

    def _classify(self, text: str, sink: Sink, call: ast.Call, provider: str | None, explicit: bool, scope: Scope) -> Found | None:
        hint = sink.hint
        if hint == "model-args":
            pairs = (part.partition("=") for part in text.split(","))
            return next((found for key, _, val in pairs if key.strip() in ("pretrained", "model", "model_name", "peft")
                         for found in [classify(val.strip(), "hf")] if found is not None), None)
        if hint == "hf-uri":
            return classify(text, "generic") if text.startswith(("hf://", "hf-hub:", "https://huggingface.co/")) else None
        if hint == "hf-hub-only":
            return classify(text, "generic") if text.startswith(("hf-hub:", "hf_hub:")) else None
        if hint == "hf" and self._repo_type(call, scope) == "dataset":
            hint = "dataset"
        if hint == "hf" and text.startswith(("http://", "https://")) and "huggingface.co" not in text and "hf.co" not in text:
            return None
        found = classify(text, hint, provider, explicit=explicit)
        if found is None and hint == "litellm" and provider:
            found = classify(text, "api", provider, explicit=explicit)
        if found is None and sink.name in ST_PREFIXED and _ST_BARE.match(text) and ("-" in text or "_" in text) \
                and not is_placeholder_name(text) and not text.lower().startswith(_ST_BASIC) and text not in self._written_texts():
            # SentenceTransformer("all-MiniLM-L6-v2") loads sentence-transformers/all-MiniLM-L6-v2: the library
            # prefixes a bare name with its organisation unless it is one of the old org-less Transformers models
            found = classify(f"sentence-transformers/{text}", "hf")
        return found

    def _hit(self, found: Found, line: int, via: str, call: ast.Call | None, scope: Scope) -> Hit:
        remote = False
        revision = found.revision
        if call is not None:
            for kw in call.keywords:
                if kw.arg == "trust_remote_code" and remote_keyword(call, self.program, scope) is not None:
                    remote = True
                    self.remote_hits.add((call.lineno, call.col_offset))
                elif kw.arg == "revision" and revision is None:
                    revs = [v.text for v in self.program.values(kw.value, scope) if v.text]
                    revision = revs[0] if revs else None
        return Hit(kind=found.kind, identifier=found.identifier, line=line, via=via, evidence=line_at(self.text, line),
                   provider=found.provider, revision=revision, confidence=found.confidence, trust_remote_code=remote)

    def _pipeline_default(self, call: ast.Call, scope: Scope) -> Iterator[Hit]:
        """``pipeline("sentiment-analysis")`` with no model: the task's default model is downloaded (a dependency the
        code never names; a model given any way, even one not readable here, is not replaced by the default)."""
        from .pipeline_defaults import default_model

        if _spread(call):
            return  # **kwargs / *args may carry the model
        task = next((k.value for k in call.keywords if k.arg == "task"), call.args[0] if call.args else None)
        if task is None:
            return
        for val in self.program.values(task, scope):
            repo = default_model(val.text) if val.text else None
            if repo is not None:
                yield self._default_hit(repo, call, "pipeline default")

    def _default_hit(self, repo: str, call: ast.Call, via: str) -> Hit:
        """The model a loader takes when the call names none: a Hub repo, medium confidence (library versions move)."""
        return Hit(kind=RefKind.HF_MODEL, identifier=repo, line=call.lineno, via=via, evidence=line_at(self.text, call.lineno),
                   confidence="medium")

    def _local_hub(self, call: ast.Call, scope: Scope) -> bool:
        """``source="local"`` on a torch.hub call, by every value it may hold (an unknown one may be "github")."""
        values = [v.text for k in call.keywords if k.arg == "source" for v in self.program.values(k.value, scope)]
        return bool(values) and all(v == "local" for v in values)

    def _arguments(self, call: ast.Call, sink: Sink) -> list[ast.expr]:
        out = [k.value for k in call.keywords if k.arg in sink.keywords]
        if sink.position is not None and len(call.args) > sink.position and not isinstance(call.args[sink.position], ast.Starred):
            if not out or sink.hint == "hf" and sink.name == "HuggingFaceLLM":
                out.insert(0, call.args[sink.position])
        return out

    def _hub_choice(self, call: ast.Call, scope: Scope, sink: Sink) -> Sink:
        """``hub="hf"`` / ``hub="ms"`` on a loader (FunASR's AutoModel) picks Hugging Face or ModelScope."""
        hub = next((v.text.lower() for k in call.keywords if k.arg == "hub" for v in self.program.values(k.value, scope) if v.text), "")
        if hub in ("hf", "huggingface"):
            return replace(sink, hint="hf")
        if hub in ("ms", "modelscope"):
            return replace(sink, hint="modelscope")
        return sink

    def _repo_type(self, call: ast.Call, scope: Scope) -> str | None:
        for kw in call.keywords:
            if kw.arg == "repo_type":
                vals = [v.text for v in self.program.values(kw.value, scope) if v.text]
                return vals[0] if vals else None
        return None

    def _provider(self, call: ast.Call, ctor: ast.Call | None, scope: Scope, sink: Sink) -> tuple[str | None, bool]:
        """Provider implied by a base URL on the call or on the client it is made on, else the sink's default."""
        for source in (call, ctor, *self._provider_objects(call, scope)):
            if source is None:
                continue
            for kw in source.keywords:
                if kw.arg in BASE_URL_KEYS:
                    for val in self.program.values(kw.value, scope):
                        if val.text:
                            found = provider_for_url(val.text)
                            if found:
                                return found, True
                    return None, False  # a base URL we cannot read: the provider is unknown
            if source is not call and sink.hint != "api":
                break
        for kw in call.keywords:
            if kw.arg == "provider" and sink.hint == "api" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                from ..providers import COLON_PREFIXES

                named = COLON_PREFIXES.get(kw.value.value.lower())
                if named:
                    return named, True
        if ctor is not None:  # AnthropicVertex(...).messages.create: the client class names the cloud that serves it
            cloud = CLOUD_CLIENTS.get(self._qualname(ctor.func, scope)[0].rsplit(".", 1)[-1])
            if cloud:
                return cloud, True
        if sink.provider == "azure":
            return "azure", True  # an Azure class: the name it is given is a deployment on Azure, whatever it looks like
        if sink.name == "init_chat_model":
            for kw in call.keywords:
                if kw.arg == "model_provider":
                    vals = [v.text for v in self.program.values(kw.value, scope) if v.text]
                    if vals:
                        from ..providers import COLON_PREFIXES

                        return COLON_PREFIXES.get(vals[0].lower(), vals[0].lower()), True
        return sink.provider, False

    def _provider_objects(self, call: ast.Call, scope: Scope) -> list[ast.Call]:
        """Provider/client objects handed to a model class (``provider=OpenAIProvider(base_url=...)``, ``client=``)."""
        out: list[ast.Call] = []
        for kw in call.keywords:
            if kw.arg not in ("provider", "client", "async_client", "openai_client"):
                continue
            if isinstance(kw.value, ast.Call):
                out.append(kw.value)
            elif isinstance(kw.value, ast.Name):
                out.extend(node for how, node, _ in self.program.lookup(kw.value.id, scope) if how == "expr" and isinstance(node, ast.Call))
        return out

    def _qualname(self, func: ast.expr, scope: Scope, depth: int = 0) -> tuple[str, ast.Call | None]:
        """Dotted callee with imports resolved and client variables replaced by their constructor (``openai.OpenAI()``)."""
        if depth > 6:
            return "", None
        if isinstance(func, ast.Name):
            if func.id in self.program.imports:
                return self.program.imports[func.id], None
            for how, node, where in reversed(self.program.lookup(func.id, scope)):
                if how == "expr" and isinstance(node, ast.Call):
                    inner, _ = self._qualname(node.func, where or scope, depth + 1)
                    return f"{inner}()", node
            return func.id, None
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
                for how, node, where in reversed(self.program.attrs.get(func.attr, [])):
                    if how == "expr" and isinstance(node, ast.Call):
                        inner, _ = self._qualname(node.func, where or scope, depth + 1)
                        return f"{inner}()", node
            inner, ctor = self._qualname(func.value, scope, depth + 1)
            return (f"{inner}.{func.attr}" if inner else func.attr), ctor
        if isinstance(func, ast.Call):
            inner, _ = self._qualname(func.func, scope, depth + 1)
            return f"{inner}()", func
        return "", None

    # ---- values passed in by callers -------------------------------------------------------------
    def _callers(self, pending: dict[tuple[str, str], list[tuple[Sink, str | None, bool]]]) -> Iterator[Hit]:
        functions = self.program.functions
        by_function: dict[str, list[tuple[str, list[tuple[Sink, str | None, bool]]]]] = {}
        for (fname, pname), sinks in pending.items():  # one lookup per call, not a pass over every pending parameter
            by_function.setdefault(fname, []).append((pname, sinks))
        for call, scope in self.program.calls:
            target, bound = self._callee(call, scope)
            func = functions.get(target) if target else None
            if func is None or target not in by_function:
                continue
            params = [a.arg for a in [*func.args.posonlyargs, *func.args.args]]
            if params and params[0] in ("self", "cls") and bound:
                params = params[1:]
            for pname, sinks in by_function[target]:
                arg: ast.expr | None = next((k.value for k in call.keywords if k.arg == pname), None)
                if arg is None and pname in params and params.index(pname) < len(call.args):
                    arg = call.args[params.index(pname)]
                if arg is None:
                    continue
                for sink, provider, explicit in sinks:
                    for val in self.program.values(arg, scope):
                        yield from self._emit(val, arg, call, sink, provider, explicit, scope)

    def _callee(self, call: ast.Call, scope: Scope) -> tuple[str, bool]:
        """The function a call runs, as named in ``Program.functions``, and whether it is bound (self/cls dropped)."""
        func = call.func
        if isinstance(func, ast.Name):
            if func.id in self.program.inits:
                return f"{func.id}.__init__", True
            return func.id, False
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            owner: Scope | None = scope
            while owner is not None and not owner.is_class:
                owner = owner.parent
            return (f"{owner.name}.{func.attr}", True) if owner is not None else ("", False)
        return "", False


def _spread(call: ast.Call) -> bool:
    """``f(**kwargs)`` or ``f(*args)``: arguments this file cannot list may carry a model."""
    return any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args)
