"""Names, keys and literals that name models without (yet) reaching a loader: the second pass of the Python analyser."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from ...models import RefKind
from ..base import Hit, line_at
from ..classify import classify, remote_weights, route_like
from ..names import is_model_name, is_model_url_name
from ..providers import BASE_URL_KEYS, PROVIDER_KEYS, hint_for_name, provider_for_url, provider_hint
from .catalog import file_label
from .sinks import GENERIC_KW
from .values import Program, Scope, dotted


class NamedValues:
    """Mixin of ``detector._Analysis``: reports values bound to model-named names, dict keys and model menus."""

    program: Program
    text: str
    consumed: set[int]
    outputs: set[int]
    dict_calls: list[tuple[ast.Call, Scope]]

    # ---- names and keys that name models, not (yet) seen reaching a loader -------------------------
    def _named_values(self) -> Iterator[Hit]:
        program = self.program
        for scope in program.scopes:
            model_class = scope.is_class and is_model_name(scope.name)  # class Embedder(Enum): SMALL = "org/name"
            for name, bindings in list(scope.names.items()):
                urls_only = not (model_class or is_model_name(name) or _model_typed(bindings))
                if urls_only and not is_model_url_name(name):
                    continue
                member = model_class and not is_model_name(name)  # class CheckpointLoader: CATEGORY = "advanced/loaders"
                for how, node, where in bindings:
                    if how == "expr":
                        yield from self._loose(node, where or scope, name, hub_urls_only=urls_only, member=member)
        for name, bindings in program.attrs.items():
            if is_model_name(name) or is_model_url_name(name):
                for how, node, where in bindings:
                    if how == "expr":
                        yield from self._loose(node, where or program.module, name, hub_urls_only=not is_model_name(name))
        for fname, value, scope in program.returns:
            if is_model_name(fname.rsplit(".", 1)[-1]):
                yield from self._loose(value, scope, fname.rsplit(".", 1)[-1])
        for key, value, scope in program.env_sets + [entry for entries in program.keyed.values() for entry in entries]:
            for name in {v.text for v in program.values(key, scope) if v.text}:
                if is_model_name(name):
                    yield from self._loose(value, scope, name)
        for call, scope in program.calls:
            if _last_part(call.func) in ("AddField", "AlterField"):  # Django migrations
                field_name = next((kw.value.value for kw in call.keywords if kw.arg == "name" and isinstance(kw.value, ast.Constant)), None)
                field = next((kw.value for kw in call.keywords if kw.arg == "field"), None)
                if isinstance(field_name, str) and field is not None and is_model_name(field_name):
                    yield from self._loose(field, scope, field_name)
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("add_argument", "option", "Option", "argument"):
                flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if any(is_model_name(f.lstrip("-").replace("-", "_")) for f in flags):
                    for kw in call.keywords:
                        if kw.arg == "default":
                            yield from self._loose(kw.value, scope, flags[0])

    def _loose(self, expr: ast.AST, scope: Scope, name: str, *, hub_urls_only: bool = False, member: bool = False) -> Iterator[Hit]:
        if id(expr) in self.outputs:
            return  # the value is only known to be written to (``push_to_hub(repo_id)``)
        if isinstance(expr, ast.Call) and dotted(expr.func).endswith("Field") and dotted(expr.func) != "Field":
            # Django/ORM ``models.CharField(default="thenlper/gte-small")``: the default is the value
            expr = next((kw.value for kw in expr.keywords if kw.arg == "default"), expr)
        if isinstance(expr, ast.Call) and not _is_value_call(expr):
            return
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            vals = self.program.elements(expr, scope) if not isinstance(expr, ast.Dict) else [
                v for item in expr.values for v in self.program.values(item, scope)]
        else:
            vals = self.program.values(expr, scope)
        for val in vals:
            if val.node is not None and id(val.node) in self.consumed:
                continue
            if hub_urls_only and not (val.text and (val.text.startswith(_HUB_URLS) or remote_weights(val.text))):
                continue  # MODEL_URL = "http://127.0.0.1:8080": a server, not a model (a weights file's URL is one)
            line = getattr(val.node, "lineno", None) or getattr(expr, "lineno", None) or 0
            if val.slot is not None and is_model_name(val.slot):
                yield Hit(kind=RefKind.MODEL_SLOT, identifier=val.slot, line=line, via=f"name:{name}",
                          evidence=line_at(self.text, line), confidence="medium")
                continue
            hint, provider = hint_for_name(name)
            found = classify(val.text, hint, provider) if val.text else None
            if found is None or member and found.kind is RefKind.HF_MODEL and route_like(found.identifier):
                continue  # a member of a model-named class not itself named for a model: a category path is no id
            if val.node is not None:
                self.consumed.add(id(val.node))
            yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=f"name:{name}",
                      evidence=line_at(self.text, line), provider=found.provider, revision=found.revision, confidence="medium")
        if isinstance(expr, ast.Dict) and not hub_urls_only:
            yield from self._hub_keys(expr, name)

    def _hub_keys(self, node: ast.Dict, name: str) -> Iterator[Hit]:
        """``_MODELS = {"org/name": {"unet": "unet/x.safetensors", ...}}``: a model table keyed by Hub id (the values
        are its files or settings). Only a Hub id is read from a key: ``{"fast": ..., "llama3": ...}`` keys are labels."""
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or "/" not in key.value or id(key) in self.consumed \
                    or file_label(key, value):
                continue  # {"ViT-B/32": "https://.../ViT-B-32.pt"}: the value is the model, the key its label
            found = classify(key.value, "generic")
            if found is None or found.kind is not RefKind.HF_MODEL:
                continue
            self.consumed.add(id(key))
            yield Hit(kind=found.kind, identifier=found.identifier, line=key.lineno, via=f"name:{name}",
                      evidence=line_at(self.text, key.lineno), revision=found.revision, confidence="medium")

    def _model_lists(self) -> Iterator[Hit]:
        """A literal list whose every item is a public API model name (``["gpt-4o", "gpt-4o-mini"]``) is a model menu."""
        for node in self.program.lists:
            texts = [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if not texts or len(texts) != len(node.elts) or any(id(e) in self.consumed for e in texts):
                continue
            if len({str(e.value).lower() for e in texts}) < len(texts):
                continue  # ("gpt-oss", "GPT-OSS"): an id and its display label, not a menu of two models
            found = [classify(str(e.value), "generic") for e in texts]
            if all(f is not None and f.kind is RefKind.API_MODEL and f.provider for f in found):
                for elt, f in zip(texts, found, strict=True):
                    assert f is not None
                    self.consumed.add(id(elt))
                    yield Hit(kind=f.kind, identifier=f.identifier, line=elt.lineno, via="model-list",
                              evidence=line_at(self.text, elt.lineno), provider=f.provider, confidence="low")

    def _dicts(self) -> Iterator[Hit]:
        entries = _dataset_entries(node for node, _ in self.program.dicts)
        for node, scope in self.program.dicts:
            keys = {k.value: v for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            if id(node) in entries or "path" in keys and not _DATASET_SIBLINGS.isdisjoint(keys):
                yield from self._dataset_entry(keys)
                continue
            model_keys = [k for k in keys if k in GENERIC_KW or is_model_name(k)]
            if not model_keys:
                yield from self._hub_values(node)
                continue
            hint, provider, explicit = "generic", None, False
            for key in BASE_URL_KEYS:
                if key in keys:
                    urls = [v.text for v in self.program.values(keys[key], scope) if v.text]
                    provider = provider_for_url(urls[0]) if urls else None
                    explicit = provider is not None
                    hint = "api" if explicit else "generic"
            if provider is None:  # {"platform_type": "ollama", "llm_models": [...]}: a provider named by a sibling key
                named = next((k.value for k in (keys.get(p) for p in PROVIDER_KEYS) if isinstance(k, ast.Constant) and isinstance(k.value, str)), None)
                if named:
                    hint, provider, explicit = provider_hint(named)
            for key in model_keys:
                # {"llm_models": ["qwen2:7b", "org/name"]}: each listed id, on its own line
                listed = keys[key]
                for value in listed.elts if isinstance(listed, (ast.List, ast.Tuple, ast.Set)) else [listed]:
                    for val in self.program.values(value, scope):
                        if val.text is None or (val.node is not None and id(val.node) in self.consumed):
                            continue
                        found = classify(val.text, hint, provider, explicit=explicit)
                        if found is None:
                            continue
                        if val.node is not None:
                            self.consumed.add(id(val.node))
                        line = getattr(value, "lineno", node.lineno)
                        yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=f"key:{key}",
                                  evidence=line_at(self.text, line), provider=found.provider, confidence="medium")


    def _dataset_entry(self, keys: dict[str, ast.expr]) -> Iterator[Hit]:
        """``{"path": "org/name", "split": "train", "type": "chatml"}`` under ``"datasets": [...]`` (an axolotl- or
        TRL-style training config written as a Python dict, as its YAML form is read): the id is a dataset."""
        for key in _DATASET_ID_KEYS:
            value = keys.get(key)
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)) or id(value) in self.consumed:
                continue
            self.consumed.add(id(value))
            found = classify(value.value, "dataset")
            if found is not None:
                yield Hit(kind=found.kind, identifier=found.identifier, line=value.lineno, via=f"key:{key}",
                          evidence=line_at(self.text, value.lineno), confidence="medium")

    def _hub_values(self, node: ast.Dict) -> Iterator[Hit]:
        """``{"small": "BAAI/bge-small-en-v1.5"}``: a Hub id under a namespace the registry knows as a model publisher
        is a model whatever its key (an unknown ``owner/repo`` may be a GitHub repository: left alone)."""
        from ..orgs import known_org

        for value in node.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)) or id(value) in self.consumed:
                continue
            found = classify(value.value, "generic")
            if found is not None and found.kind is RefKind.HF_MODEL and known_org(found.identifier):
                self.consumed.add(id(value))
                yield Hit(kind=found.kind, identifier=found.identifier, line=value.lineno, via="dict-value",
                          evidence=line_at(self.text, value.lineno), revision=found.revision, confidence="medium")

    def _dict_calls(self) -> Iterator[Hit]:
        """``dict(model="org/name")`` values no call received: classified like keys of a dict literal (unambiguous shapes)."""
        for call, scope in self.dict_calls:
            for kw in call.keywords:
                if kw.arg is None or not (kw.arg in GENERIC_KW or is_model_name(kw.arg)):
                    continue
                for val in self.program.values(kw.value, scope):
                    if val.text is None or val.node is not None and id(val.node) in self.consumed:
                        continue
                    found = classify(val.text, "generic")
                    if found is not None:
                        line = getattr(kw.value, "lineno", call.lineno)
                        yield Hit(kind=found.kind, identifier=found.identifier, line=line, via=f"key:{kw.arg}",
                                  evidence=line_at(self.text, line), provider=found.provider, confidence="medium")


_DATASET_LIST_KEYS = frozenset({"datasets", "dataset", "test_datasets", "eval_datasets", "train_datasets", "pretraining_dataset"})
_DATASET_ID_KEYS = ("path", "name", "repo", "id")
_DATASET_SIBLINGS = frozenset({"split", "data_files", "subset"})  # a loader's options beside ``path``: a dataset entry


def _dataset_entries(dicts: Iterable[ast.Dict]) -> set[int]:
    """The dict literals listed under a datasets key of another (``"datasets": [{"path": ...}, ...]``), by identity."""
    out: set[int] = set()
    for node in dicts:
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.lower() in _DATASET_LIST_KEYS):
                continue
            items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
            out.update(id(item) for item in items if isinstance(item, ast.Dict))
    return out


def image_packages(calls: Iterable[tuple[ast.Call, Scope]]) -> Iterator[Hit]:
    """Packages installed into a container image built in code (Modal ``Image...pip_install("vllm==0.7.2")``)."""
    from ..reqparse import requirement_hit

    for node, _ in calls:
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("pip_install", "uv_pip_install"):
            for arg in node.args:
                items = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
                for item in items:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        hit = requirement_hit(item.value, item.lineno, node.func.attr)
                        if hit is not None:
                            yield hit


def _model_typed(bindings: list[tuple[str, ast.AST, Scope | None]]) -> bool:
    """A parameter annotated with a model type (``segmentation: PipelineModel = "org/name"``, ``Optional[Model]``):
    its default is a model whatever the parameter is called."""
    for how, node, _ in bindings[:2]:  # the parameter is bound first, its default next
        if how != "param" or not isinstance(node, ast.arg) or node.annotation is None:
            continue
        annotation = node.annotation
        if isinstance(annotation, ast.Subscript):  # Optional[X], Union[X, ...]: the first argument
            inner = annotation.slice
            annotation = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
        elif isinstance(annotation, ast.BinOp):  # X | None
            annotation = annotation.left
        name = _last_part(annotation) if isinstance(annotation, (ast.Name, ast.Attribute)) else ""
        if name[:1].isupper() and is_model_name(name):
            return True
    return False


def _last_part(func: ast.expr) -> str:
    """``dotted(func).rsplit(".", 1)[-1]`` without building the dotted name (an attribute's name has no dot)."""
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


_HUB_URLS = ("https://huggingface.co/", "http://huggingface.co/", "https://hf.co/", "https://www.huggingface.co/")


def _is_value_call(expr: ast.Call) -> bool:
    name = dotted(expr.func).rsplit(".", 1)[-1]
    return name in ("getenv", "get", "field", "Field", "str", "setdefault")
