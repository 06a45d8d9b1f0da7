"""Which provider a model slot talks to: the client a call goes through, base URLs in reach, SDK classes and imports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..providers import provider_for_url
from .records import Call, Ident, Member, Obj, Unit
from .sdks import BASE_URL_KEYS, CALLEES, SK_CONNECTORS, Shape, module_shape, normal_key
from .values import Values, _last, _names

# Constructors and parsers that wrap a URL string: C#'s ``new Uri(..)``, Java's ``URI.create(..)``/``new URL(..)``, JS's
# ``new URL(..)``, Go's ``url.Parse(..)``; the string they are handed is the endpoint.
URL_WRAPPERS = frozenset({"Uri", "URI", "URL", "create", "Parse", "parse", "toURI"})
# .NET dependency injection: GetRequiredService<T>(), GetService<T>(), GetRequiredKeyedService<T>(key) return a T
_SERVICE_LOOKUP = re.compile(r"Get(?:Required)?(?:Keyed)?Service<\s*([\w.]{1,200})\s*>")


class Clients(Values):
    """Providers of slots: (slot kind, base-URL provider) of calls and objects, and base URLs by scope."""

    def __init__(self, unit: Unit) -> None:
        super().__init__(unit)
        self.bases = list(self._base_urls())

    def _url_provider(self, node: Any) -> str | None:
        if isinstance(node, Call) and _last(node.callee) in URL_WRAPPERS and node.args:  # new Uri("http://..."), URI.create(..)
            node = node.args[0][1]
        for v in self.values(node):
            if "://" in v.value or v.value.startswith(("localhost", "127.0.0.1")):
                found = provider_for_url(v.value)
                if found:
                    return found
        return None

    def _base_urls(self) -> Iterator[tuple[tuple[int, int], str]]:
        found: str | None
        for obj in self.unit.objects:
            for key, value in obj.pairs:
                if normal_key(key) in BASE_URL_KEYS:
                    found = self._url_provider(value)
                    if found:
                        yield obj.scope, found
        for call in self.unit.calls:
            if normal_key(_last(call.callee)) in BASE_URL_KEYS and call.args:
                found = self._url_provider(call.args[0][1])
                if found:
                    yield call.scope, found
            for kw, value in call.args:
                if kw and normal_key(kw) in BASE_URL_KEYS:
                    found = self._url_provider(value)
                    if found:
                        yield call.scope, found
        for target, value, start, end, _ in self.unit.assigns:
            if isinstance(target, Member) and normal_key(target.name) in BASE_URL_KEYS:
                found = self._url_provider(value)
                if found:
                    yield (start, end), found

    def scope_base(self, pos: int) -> str | None:
        inner: tuple[int, int] | None = None
        found: set[str] = set()
        for (start, end), provider in self.bases:
            if not start <= pos <= end:
                continue
            if inner is None or end - start < inner[1] - inner[0]:
                inner, found = (start, end), {provider}
            elif (start, end) == inner:
                found.add(provider)
        return next(iter(found)) if len(found) == 1 else None

    def _args_base(self, call: Call, depth: int) -> str | None:
        for key, value in call.args:
            if key and normal_key(key) in BASE_URL_KEYS:
                found = self._url_provider(value)
                if found:
                    return found
            target = value
            if isinstance(value, Ident) and depth < 3:
                for t, v, _, _, _ in self.unit.assigns:  # config.BaseURL = "..." on a variable handed to the client
                    if isinstance(t, Member) and isinstance(t.obj, Ident) and t.obj.name == value.name and normal_key(t.name) in BASE_URL_KEYS:
                        found = self._url_provider(v)
                        if found:
                            return found
                target = self.resolve(value.name, value.pos)
            if isinstance(target, Obj):
                for k, v in target.pairs:
                    if normal_key(k) in BASE_URL_KEYS:
                        found = self._url_provider(v)
                        if found:
                            return found
            if isinstance(target, Call) and depth < 3:
                if normal_key(_last(target.callee)) in BASE_URL_KEYS and target.args:
                    found = self._url_provider(target.args[0][1])
                    if found:
                        return found
                found = self._args_base(target, depth + 1)
                if found:
                    return found
        return None

    def call_shape(self, call: Call, depth: int = 0, own: bool = True) -> tuple[Shape | None, str | None]:
        """What a call's chain says: (slot kind, provider of a base URL set on it or on the client it uses). Another
        service registered on the same builder (Semantic Kernel's ``.AddOllamaChatClient(endpoint: ..)``) says
        nothing about this call: its endpoint and provider are skipped."""
        shape: Shape | None = None
        base: str | None = None
        node: Any = call
        for _ in range(32):  # builder chains: a.b().c(x).d(y)
            if isinstance(node, Call) and not (own and node is call) and _last(node.callee) in SK_CONNECTORS:
                node = node.callee.obj if isinstance(node.callee, Member) else None
                continue
            if isinstance(node, Call):
                base = base or self._args_base(node, depth)
                name = _last(node.callee)
                if normal_key(name) in BASE_URL_KEYS and node.args:
                    base = base or self._url_provider(node.args[0][1])
                shape = _merge(shape, CALLEES.get(name))
                service = _SERVICE_LOOKUP.fullmatch(name)  # services.GetRequiredService<AzureOpenAIClient>(): DI hands out a T
                if service is not None:
                    shape = _merge(shape, CALLEES.get(service.group(1).rsplit(".", 1)[-1]))
                # new DeepSeekLLM(..): the callee itself is the root, its import decides too (below)
                node = node.callee.obj if isinstance(node.callee, Member) else node.callee if isinstance(node.callee, Ident) else None
            elif isinstance(node, Member):
                shape = _merge(shape, CALLEES.get(node.name))
                node = node.obj
            else:
                break
        if isinstance(node, Ident):
            shape = _merge(shape, CALLEES.get(node.name))
            module = self.unit.imports.get(node.name)
            if module is not None:
                shape = _merge(shape, module_shape(module))
            elif depth < 3:
                bound = self.resolve(node.name, node.pos)
                if isinstance(bound, Call):
                    inner, inner_base = self.call_shape(bound, depth + 1, own=False)
                    shape, base = _merge(shape, inner), base or inner_base
                elif isinstance(bound, Obj):
                    inner, inner_base = self.obj_shape(bound, depth + 1)
                    shape, base = _merge(shape, inner), base or inner_base
        return shape, base

    def obj_shape(self, obj: Obj, depth: int = 0) -> tuple[Shape | None, str | None]:
        shape: Shape | None = None
        base = None
        if obj.type_name is not None:
            names, root = _names(obj.type_name)
            for name in names:
                shape = _merge(shape, CALLEES.get(name))
            if isinstance(root, Ident) and root.name in self.unit.imports:
                shape = _merge(shape, module_shape(self.unit.imports[root.name]))
        for k, v in obj.pairs:
            if normal_key(k) in BASE_URL_KEYS:
                base = base or self._url_provider(v)
        return shape, base

    def context(self, holder: Call | Obj) -> tuple[Shape | None, str | None]:
        shape: Shape | None = None
        base: str | None = None
        node: Call | Obj | None = holder
        for _ in range(5):
            if node is None:
                break
            inner, inner_base = self.call_shape(node) if isinstance(node, Call) else self.obj_shape(node)
            shape, base = _merge(shape, inner), base or inner_base
            node = node.owner
        return shape, base


def _merge(first: Shape | None, second: Shape | None) -> Shape | None:
    """Keep the first kind; take a provider from the second when the first has none."""
    if first is None:
        return second
    if second is None or first[1] is not None or first[0] != second[0]:
        return first
    return (first[0], second[1])
