"""``_Analysis._call`` as it was before the cold-path fast paths (no early return, one loop per keyword question):
the reference of a differential test."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scanner.discover.base import Hit
from scanner.discover.names import is_model_name
from scanner.discover.python.detector import _COLON_ID, _Analysis
from scanner.discover.python.sinks import GENERIC_KW, OUTPUT_CALLS, Sink, class_provider, find_sink
from scanner.discover.python.trust import remote_keyword
from scanner.discover.python.values import Scope


def plain_call(self: _Analysis, call: ast.Call, scope: Scope) -> Iterator[Hit]:
    qualname, ctor = self._qualname(call.func, scope)
    ctor_module = self._qualname(ctor.func, scope)[0].split("(")[0] if ctor is not None else None
    sink = find_sink(qualname, ctor_module) if qualname else None
    if qualname.rsplit(".", 1)[-1] in OUTPUT_CALLS:
        return
    if qualname == "dict":
        self.dict_calls.append((call, scope))  # a value, not a consumer: read after the calls that receive it
        return
    if any(k.arg is None for k in call.keywords):
        call = self._expand_kwargs(call, scope)
    if remote_keyword(call, self.program, scope) is not None:
        self.remote_calls.setdefault((call.lineno, call.col_offset), (call, scope, qualname))
    for kw in call.keywords:  # lm_eval.simple_evaluate(model="hf", model_args="pretrained=org/name,dtype=...")
        if kw.arg == "model_args":
            for val in self.program.values(kw.value, scope):
                yield from self._emit(val, kw.value, call, Sink("model-args", ("model_args",), None, name="model_args"), None, False, scope)
    if sink is None:
        callee = qualname.rsplit(".", 1)[-1]
        if callee in self.program.functions or callee in self.program.inits:
            return  # a helper defined here: its parameters are followed to the loader they feed
        if any(k.arg in GENERIC_KW for k in call.keywords):
            sink = Sink("generic", GENERIC_KW, None, name="keyword")
        elif call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str) and _COLON_ID.match(call.args[0].value):
            sink = Sink("litellm", (), 0, name="provider:model")
        elif "." in qualname and callee[:1].isupper() and is_model_name(callee) \
                and (call.args or any(k.arg == "name" for k in call.keywords)):
            # FlagReranker("org/name"), HuggingFaceEncoder(name="org/name"): an imported class named like a model
            sink = Sink("generic", ("name",), 0, provider=class_provider(callee), name="model class")
        else:
            return
    provider, explicit = self._provider(call, ctor, scope, sink)
    for expr in self._arguments(call, sink):
        for val in self.program.values(expr, scope):
            yield from self._emit(val, expr, call, sink, provider, explicit, scope)
