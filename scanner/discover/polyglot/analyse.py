"""The slots of the polyglot IR: which strings reach a model slot of an SDK call, a model key, a named constant or a list."""

from __future__ import annotations

import re
from typing import Any

from ...models import RefKind
from ..base import Hit
from ..classify import classify, route_like
from ..envvars import hub_url_hits
from ..names import _WORDS, MODEL_WORDS, is_model_name, is_model_url_name
from ..providers import COLON_PREFIXES, LITELLM_PREFIXES, hint_for_name, provider_for_name
from .clients import Clients, _merge
from .records import Arr, Call, Either, Ident, Member, Obj, Str, Unit
from .sdks import (
    ENTRY_ID_KEYS,
    HUB_PREFIXES,
    IMPORT_GATED,
    MODEL_KEYS,
    POSITIONAL,
    PROVIDER_KEYS,
    PROVIDER_WORDS,
    Shape,
    module_shape,
    normal_key,
)
from .values import _last, _names

_UI_WORDS = frozenset({"label", "labels", "title", "titles", "placeholder", "hint", "hints", "description", "descriptions", "desc",
                       "text", "texts", "message", "messages", "display", "caption", "captions", "tooltip", "i18n", "help"})


def _ui_name(name: str) -> bool:
    """A name for what a UI shows about a model (``modelLabel``, ``MODEL_DESCRIPTION``, ``placeholderModel``): a UI
    word of the name, compared word by word (``contextModel`` holds none). "text" before the first model word says
    which kind of model it is: ``TextModel``, ``textEmbeddingModel``, ``DefaultTextModelName`` hold ids (kernel-memory,
    Semantic Kernel); after it (``modelText``) it is what a UI shows."""
    words = [w.lower() for w in _WORDS.findall(name)]
    first = next((i for i, w in enumerate(words) if w in MODEL_WORDS), len(words))
    return any(w in _UI_WORDS and (i > first or w not in ("text", "texts")) for i, w in enumerate(words))
def _returns_model(function: str) -> bool:
    """``model_id``, ``defaultModel``, ``GetModelName``, ``embeddingModel``: a function whose name ends with a model word
    (and an id/name word) returns a model; ``buildModelEntry``, ``selectedModelTemplate`` return something about one."""
    words = [w.lower() for w in _WORDS.findall(function)]
    while len(words) > 1 and words[-1] in ("id", "name", "repo", "path"):
        words.pop()
    return bool(words) and words[-1] in MODEL_WORDS and is_model_name(function) and not _ui_name(function)


_PROVIDER_METHODS = frozenset({"chat", "languageModel", "textEmbeddingModel", "embedding", "embeddingModel", "responses", "completion",
                               "image", "imageModel", "textEmbedding", "transcription", "speech"})
CF_PREFIXES = ("@cf/", "@hf/")


class Analysis(Clients):
    """One file's unit, its bindings resolved on demand."""

    def __init__(self, unit: Unit, lines: list[str]) -> None:
        super().__init__(unit)
        self.lines = lines
        shapes = {s for s in (module_shape(m) for m in unit.modules) if s is not None}
        hints = {h for h, _ in shapes}
        providers = {p for _, p in shapes if p}
        self.file_shape: Shape | None = None
        if len(hints) == 1:
            self.file_shape = (next(iter(hints)), next(iter(providers)) if len(providers) == 1 else None)
        self.hits: dict[tuple[str, str, int | None], Hit] = {}
        self.consumed: set[tuple[int, str]] = set()  # string literals a slot already reported (named constants skip them)

    # --- reporting ----------------------------------------------------------------------------------------------------
    def report(self, value: Str, shape: Shape | None, base: str | None, pos: int, line: int, via: str, *, explicit: bool = False,
               fallback: bool = True) -> None:
        text = value.value.strip()
        if not via.startswith("var:"):
            self.consumed.add((value.line, value.value))
        elif (value.line, value.value) in self.consumed:
            return
        if text.startswith(CF_PREFIXES):
            if re.fullmatch(r"@(cf|hf)/[\w.-]+/[\w.:-]+", text):
                self._add(Hit(kind=RefKind.API_MODEL, identifier=text, line=line, via=via, evidence=self._line(line), provider="cloudflare"))
            return
        shape = shape or self.file_shape
        hint, provider = shape if shape else ("generic", None)
        # a base URL elsewhere in the scope redirects OpenAI-compatible clients; a provider's own SDK (Azure, Mistral,
        # Gemini, Bedrock connectors) keeps its service (a C# top-level program is one scope)
        scope = None if base or hint not in ("api", "generic") or provider not in (None, "openai") else self.scope_base(pos)
        by_name = provider_for_name(text)
        if base:
            provider, explicit = base, True
        elif scope and (by_name is None or by_name == scope):
            provider, explicit = scope, True
        if provider == "ollama":
            hint = "ollama"
        elif hint == "ollama" and provider and provider not in ("ollama", "self-hosted"):
            hint = "api"
        found = classify(text, hint, provider, explicit=explicit)
        if found is None and hint != "generic" and fallback:
            found = classify(text, "generic")
        if found is None:
            return
        self._add(Hit(kind=found.kind, identifier=found.identifier, line=line, via=via, evidence=self._line(line),
                      provider=found.provider, revision=found.revision, confidence=found.confidence))

    def _add(self, hit: Hit) -> None:
        self.hits.setdefault((hit.kind.value, hit.identifier, hit.line), hit)

    def _line(self, line: int) -> str:
        return self.lines[line - 1].strip()[:200] if 0 < line <= len(self.lines) else ""

    def run(self) -> list[Hit]:
        for call in self.unit.calls:
            self._call(call)
        for obj in self.unit.objects:
            self._object(obj)
        for name, bindings in self.unit.bindings.items():
            if name.endswith("()") and not _returns_model(name[:-2]):
                continue  # what a function returns counts when its name ends like a model slot (default_model, modelId)
            if is_model_name(name) and not _ui_name(name):
                for binding in bindings:
                    if id(binding) not in self.parameters:  # a parameter is reported where its value reaches a slot
                        self._named(name, binding[2], binding[0], binding[3])
            elif is_model_url_name(name):  # const MODEL_URL = "https://.../yolov8n.onnx": a Hub URL or a weights file
                for binding in bindings:
                    for v in self.values(binding[2]):
                        for hit in hub_url_hits(v.value, v.line or binding[3], f"var:{name}", self._line(v.line or binding[3])):
                            self._add(hit)
        for target, value, start, _, line in self.unit.assigns:  # this.model = config.model || "claude-..."
            if isinstance(target, Member) and is_model_name(target.name) and not _ui_name(target.name):
                self._named(target.name, value, start, line)
        for arr in self.unit.arrays:
            self._model_list(arr)
        return sorted(self.hits.values(), key=lambda h: (h.line or 0, h.identifier))

    def _call(self, call: Call) -> None:
        names, root = _names(call.callee)
        last = names[0] if names else ""
        if last == "run" and len(names) >= 2 and names[1] == "AI" and call.args:  # Cloudflare Workers AI: env.AI.run("@cf/...")
            for v in self.values(call.args[0][1]):
                self.report(v, ("api", "cloudflare"), None, call.pos, v.line if v.line else call.line, "AI.run")
            return
        key = f"{names[1]}.{last}" if len(names) >= 2 and f"{names[1]}.{last}" in POSITIONAL else last
        spec = POSITIONAL.get(key)
        if spec is not None and key in IMPORT_GATED and not self._imports_any(IMPORT_GATED[key]):
            spec = None
        if spec is not None and not (key == "pipeline" and not self._imports_hint("hf")):
            index, keywords, shape, explicit = spec
            chain_shape, base = self.call_shape(call)
            if shape[0] in ("hf", "ollama") or shape[1] not in (None, "openai"):
                # a provider's own connector is redirected by its own endpoint argument only, not by another one
                # registered earlier on the same builder (Kernel.CreateBuilder().AddOllamaChatClient(endpoint: ..)...)
                base = self._args_base(call, 0)
            use: Shape | None = shape if shape[1] or chain_shape is None else _merge(shape, chain_shape)
            if chain_shape and chain_shape[1] and shape[1] and chain_shape[0] == shape[0] and chain_shape[1] != shape[1]:
                # the client the call goes through names another service than the method's SDK default:
                # AzureOpenAIClient(..).GetChatClient("gpt-4o") sends to Azure, not to OpenAI
                use, explicit = chain_shape, True
            arg = self._arg_node(call, index, keywords)
            prefix, marker = HUB_PREFIXES.get(key, ("", ""))
            items = list(arg.items) if isinstance(arg, Arr) else [arg]  # several models at once: CreateMLCEngine([a, b])
            for value in (v for item in items[:64] for v in self.values(item)):
                if prefix and marker in value.value and "/" not in value.value and re.fullmatch(r"[\w.-]{1,96}", value.value):
                    value = Str(value=prefix + value.value, line=value.line)
                self.report(value, use, base, call.pos, _line_of(arg, call), key, explicit=explicit and bool(use and use[1]))
            if arg is not None:  # other model-named keywords are slots too: AddAzureOpenAIChatCompletion(deploymentName: d, modelId: "o1-mini")
                self._model_keywords(call, skip=frozenset(keywords))
                return
            # no argument where the SDK takes the model: another class of that name (kernel-memory's own
            # OllamaEmbeddingGenerator(http, baseUrl: .., model: ..)); its model-named keywords are read below
        if normal_key(last) in MODEL_KEYS and call.args and (len(names) >= 2 or _option(last)):  # builder .model("x"), WithModel("x")
            found, base = self.context(call)
            for value in self.values(call.args[0][1]):
                self.report(value, found, base, call.pos, _line_of(call.args[0][1], call), last)
            return
        self._provider_instance(call, names, root)
        self._model_keywords(call)
        if names and is_model_name(last) and not _ui_name(last) and last[:1].isupper():
            # a model class built with named arguments is a preset entry: LLModel(provider = LLMProvider.OpenAI, id = "gpt-4o")
            pairs = [(kw, value) for kw, value in call.args if kw]
            if pairs:
                self._preset(pairs, {normal_key(k): v for k, v in pairs}, call.pos)

    def _model_keywords(self, call: Call, skip: frozenset[str] = frozenset()) -> None:
        for kw, value in call.args:
            if kw and kw not in skip and normal_key(kw) in MODEL_KEYS:
                found, base = self.context(call)
                for v in self.values(value):
                    self.report(v, found, base, call.pos, _line_of(value, call), f"arg:{kw}")

    def _provider_instance(self, call: Call, names: list[str], root: Any) -> None:
        """Vercel AI SDK style: ``openai("gpt-4o")``, ``deepseek("deepseek-chat")``, ``openai.chat("gpt-4o")``."""
        if call.new or not call.args or not isinstance(root, Ident) or call.args[0][0] is not None:
            return
        if len(names) > 2 or (len(names) == 2 and names[0] not in _PROVIDER_METHODS):
            return
        shape: Shape | None = None
        base = None
        module = self.unit.imports.get(root.name)
        if module is not None and root.name[:1].islower():
            if module.startswith("@ai-sdk/") or "provider" in module or module in ("ollama-ai-provider",):
                shape = module_shape(module)
        elif module is None:
            bound = self.resolve(root.name, root.pos)
            if isinstance(bound, Call) and _last(bound.callee).startswith("create"):
                shape, base = self.call_shape(bound)
        if shape is None:
            return
        for value in self.values(call.args[0][1]):
            self.report(value, shape, base, call.pos, _line_of(call.args[0][1], call), f"{root.name}()")

    @staticmethod
    def _arg_node(call: Call, index: int, keywords: tuple[str, ...]) -> Any:
        for kw, value in call.args:
            if kw and kw in keywords:
                return value
        positional = [v for kw, v in call.args if kw is None]
        return positional[index] if index < len(positional) else None

    def _imports_any(self, prefixes: tuple[str, ...]) -> bool:
        return any(m == p or m.startswith(p + ".") for m in self.unit.modules for p in prefixes)

    def _imports_hint(self, hint: str) -> bool:
        return any((module_shape(m) or ("", None))[0] == hint for m in self.unit.modules)

    def _object(self, obj: Obj) -> None:
        keys = {normal_key(k): v for k, v in obj.pairs}
        self._parameter_default(obj, keys)
        for key, value in obj.pairs:
            if normal_key(key) in MODEL_KEYS:
                shape, base = self.context(obj)
                for v in self.values(value):
                    self.report(v, shape, base, obj.pos, v.line, f"key:{key}")
        self._preset(obj.pairs, keys, obj.pos)

    def _preset(self, pairs: list[tuple[str, Any]], keys: dict[str, Any], pos: int) -> None:
        """Preset tables: ``{id: "qwen-max", provider: "alibaba", name: "Qwen Max"}`` (the display name is not the id),
        also with the provider as an enum constant (``provider: Provider.OpenAI``) and as a model class's constructor
        arguments (``LLModel(provider = LLMProvider.OpenAI, id = "gpt-4o")``)."""
        word = next((w for w in (self._provider_word(keys[k]) for k in PROVIDER_KEYS if k in keys) if w), None)
        if word is None:
            return
        provider = COLON_PREFIXES.get(word) or LITELLM_PREFIXES.get(word) or PROVIDER_WORDS.get(word)
        for key, value in pairs:
            nk = normal_key(key)
            if nk in MODEL_KEYS or nk not in ENTRY_ID_KEYS or (nk not in ("id", "model", "modelid") and {"id", "model", "modelid"} & keys.keys()):
                continue
            for v in self.values(value):
                if provider is not None and provider not in ("ollama", "huggingface", "self-hosted"):
                    self.report(v, ("api", provider), None, pos, v.line, f"entry:{key}")
                elif provider == "ollama":
                    self.report(v, ("ollama", None), None, pos, v.line, f"entry:{key}")
                else:
                    self.report(v, ("api", None), None, pos, v.line, f"entry:{key}")

    def _provider_word(self, value: Any) -> str:
        """The provider a preset entry names, lower-cased: its string value, or the constant of an enum-like member
        (``LLMProvider.OpenAI``, ``ModelProvider.OPEN_AI``: underscores dropped); "" when neither."""
        strings = self.values(value)
        if strings:
            return strings[0].value.lower()
        if isinstance(value, Member) and isinstance(value.obj, (Ident, Member)) and value.name[:1].isupper():
            return value.name.lower().replace("_", "")
        return ""

    def _parameter_default(self, obj: Obj, keys: dict[str, Any]) -> None:
        """A parameter descriptor (Flowise and n8n node inputs, form schemas): ``{label: 'Model Name', name: 'modelName',
        type: 'options', default: 'gpt-4o-mini'}`` runs the default unless the user picks another."""
        named = keys.get("name") if isinstance(keys.get("name"), Str) else keys.get("key")
        if not isinstance(named, Str) or normal_key(named.value) not in MODEL_KEYS:
            return
        default = keys.get("default", keys.get("defaultvalue"))
        if default is None:
            return
        shape, base = self.context(obj)
        for v in self.values(default):
            self.report(v, shape, base, obj.pos, v.line, f"param:{named.value}")

    def _model_list(self, arr: Arr) -> None:
        """An array of at least three strings most of which name models on their own (``["qwen-turbo", "qwen-plus", ...]``)."""
        strings = [v for v in arr.items if isinstance(v, Str)]
        if len(strings) < 3 or len(strings) < len(arr.items):
            return
        found: list[Str] = []
        evidence = 0  # items that look like models on their own: a route or metric name (``history/list``) does not
        for v in strings:
            f = classify(v.value, "generic")
            if f is not None and f.kind in (RefKind.API_MODEL, RefKind.HF_MODEL):
                found.append(v)
                evidence += f.kind is RefKind.API_MODEL or not route_like(f.identifier)
        if evidence * 5 >= len(strings) * 3:
            for v in found:
                if (v.line, v.value) not in self.consumed:
                    self.report(v, None, None, 0, v.line, "model-list")

    def _named(self, name: str, value: Any, pos: int, line: int) -> None:
        """``const EMBEDDING_MODEL = process.env.X ?? "bge-m3"``; model menus ``models = {fast: "...", smart: "..."}``."""
        words = [w.lower() for w in _WORDS.findall(name)]
        shape: Shape | None = None
        fallback = True
        if "repo" in words and not {"model", "models", "llm"} & set(words):
            shape, fallback = ("hf", None), False  # REPO = "ChatGPT-Next-Web" is a git repository unless it is a Hub id
        else:
            hint, provider = hint_for_name("_".join(words))
            word_provider = next((PROVIDER_WORDS[w] for w in words if w in PROVIDER_WORDS), None)
            if hint in ("api", "ollama", "hf"):
                shape = (hint, provider)
            elif word_provider:
                shape = ("api", word_provider)
        if isinstance(value, (Obj, Arr)):
            items = [v for _, v in value.pairs] if isinstance(value, Obj) else list(value.items)
            for item in items:
                if isinstance(item, Obj):
                    continue  # entries are objects of their own
                for v in self.values(item):
                    self.report(v, shape, None, pos, v.line, f"var:{name}", fallback=fallback)
            return
        literal = _literal_options(value)  # the literal options of a choice (match arms, a ternary) are on their own lines
        for v in self.values(value):
            self.report(v, shape, None, pos, v.line if id(v) in literal and v.line > 0 else line, f"var:{name}", fallback=fallback)


def _literal_options(value: Any) -> set[int]:
    """The string literals written as options of a choice (nested choices included), by identity."""
    out: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, Either):
            stack.extend(node.options)
        elif isinstance(node, Str) and node is not value:
            out.add(id(node))
    return out


def _option(name: str) -> bool:
    """``WithModelURI("hf://org/name")``, ``WithModelName("org/name")``: a Go functional option (KServe's test fixtures
    build every service from them) sets the model as a builder method does; a bare ``model("x")`` is another function."""
    return name[:4] in ("With", "with") and len(name) > 4


def _line_of(arg: Any, call: Call) -> int:
    """The line of the argument that holds the model (``.modelName("x")`` deep in a builder chain), else the call's; an
    argument ``config["X"] ?? "gpt-4o"`` starts on the line of its first option."""
    if isinstance(arg, Either):
        lines = [line for line in (getattr(o, "line", 0) for o in arg.options) if isinstance(line, int) and line > 0]
        return min(lines) if lines else call.line
    line = getattr(arg, "line", 0)
    return line if isinstance(line, int) and line > 0 else call.line
