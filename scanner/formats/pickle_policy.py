"""Classify pickle imports (module.qualname) by exact name: allowed, framework class, dangerous or unknown.

Nothing is trusted by prefix: the allow and framework lists name each callable (pickle_imports.yaml, reviewed by
hand, and pickle_allow_generated.yaml, generated from real numpy/scikit-learn/transformers pickles by
bench/gen_pickle_allowlist.py). Anything else is ``unknown`` (the file is at least suspicious). The deny tables are
reached through every alias the unpickler would follow: Python 2 names (``_compat_pickle``, as ``fix_imports``
applies them), ``posix``/``nt`` for ``os``, attribute paths through a module (``torch._utils.os.system``), NFKC
look-alikes, and dangerous dunder attributes anywhere in the name."""

from __future__ import annotations

import _compat_pickle
import functools
import unicodedata
from importlib import resources

from ..records import record

SAFE, KNOWN, UNSAFE, UNKNOWN = "safe", "known", "unsafe", "unknown"
_RANK = {SAFE: 0, KNOWN: 1, UNKNOWN: 2, UNSAFE: 3}
DANGEROUS_DUNDERS = frozenset(
    {
        "__globals__", "__builtins__", "__subclasses__", "__class__", "__bases__", "__base__", "__mro__", "__code__",
        "__dict__", "__getattribute__", "__import__", "__loader__", "__spec__", "__self__", "__func__", "__closure__",
        "__reduce__", "__reduce_ex__", "__setstate__", "__getattr__", "__init_subclass__", "__call__", "__init__",
        "__new__", "__getitem__", "__setattr__", "__delattr__", "__wrapped__", "__kwdefaults__", "__defaults__",
    }
)  # fmt: skip
# An attribute path that goes through one of these module names reaches the module itself (x.os.system is os.system).
ALIAS_ROOTS = frozenset(
    {
        "os", "posix", "nt", "subprocess", "sys", "builtins", "__builtin__", "__builtins__", "shutil", "socket", "pty",
        "ctypes", "importlib", "runpy", "pickle", "_pickle", "marshal", "code", "webbrowser", "pydoc", "io", "_io",
        "operator", "functools", "copyreg", "pip", "multiprocessing", "asyncio", "threading", "_thread", "_posixsubprocess",
    }
)  # fmt: skip


@record(frozen=True, slots=True)
class ImportPolicy:
    """Exact sets, plus the module prefixes that are dangerous as a whole (deny may be broad; allow never is)."""

    deny_exact: frozenset[str]
    deny_modules: tuple[str, ...]
    allow: frozenset[str]
    framework: frozenset[str]

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - policy objects live for the process
    def classify(self, dotted: str) -> str:
        """safe, known, unsafe or unknown for one already-normalised ``module.qualname``."""
        parts = dotted.split(".")
        if any(p in DANGEROUS_DUNDERS for p in parts[1:]) or parts[0] in DANGEROUS_DUNDERS:
            return UNSAFE
        if dotted in self.deny_exact:
            return UNSAFE
        if dotted in self.allow:
            return SAFE
        if dotted in self.framework:
            return KNOWN
        if self._denied(dotted):
            return UNSAFE
        for i in range(1, len(parts) - 1):  # torch._utils.os.system, a.b.builtins.eval: attribute paths through a module
            if parts[i] in ALIAS_ROOTS:
                tail = ".".join(parts[i:])
                if tail in self.deny_exact or self._denied(tail):
                    return UNSAFE
        return UNKNOWN

    def _denied(self, dotted: str) -> bool:
        return any(dotted == p or dotted.startswith(p + ".") for p in self.deny_modules)


def _names(data: object, key: str) -> list[str]:
    values = data.get(key, []) if isinstance(data, dict) else []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"pickle policy: '{key}' must be a list of strings")
    if any("*" in v for v in values) and key in ("allow", "framework"):
        raise ValueError(f"pickle policy: '{key}' names callables exactly (no patterns)")
    return [v.strip() for v in values]


@functools.cache
def import_policy() -> ImportPolicy:
    """Load the bundled tables once (lazily: yaml is only imported when a pickle is inspected)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the tables hold ~1,500 names
    folder = resources.files("scanner.formats")
    hand = yaml.load(folder.joinpath("pickle_imports.yaml").read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    generated = yaml.load(folder.joinpath("pickle_allow_generated.yaml").read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    deny = _names(hand, "deny")
    allow = set(_names(hand, "allow")) | set(_names(generated, "allow"))
    framework = set(_names(hand, "framework")) | set(_names(generated, "framework"))
    return ImportPolicy(
        deny_exact=frozenset(deny),
        deny_modules=tuple(_names(hand, "deny_modules")),
        allow=frozenset(allow - set(deny)),
        framework=frozenset(framework - set(deny) - allow),
    )


def classify(dotted: str) -> str:
    """Classify every form the unpickler could resolve the name to: unsafe if any form is; a Python 2 name is judged by
    the name it maps to (``__builtin__.set`` is ``builtins.set``); a look-alike spelling is never better than unknown."""
    policy = import_policy()
    written, mapped = aliases(dotted)
    verdicts = {form: policy.classify(form) for form in written + mapped}
    if UNSAFE in verdicts.values():
        return UNSAFE
    judged = [verdicts[f] for f in (mapped or written)]
    worst = max(judged, key=_RANK.__getitem__)
    if worst in (SAFE, KNOWN) and unicodedata.normalize("NFKC", dotted) != dotted:
        return UNKNOWN
    return worst


@functools.lru_cache(maxsize=8192)
def aliases(dotted: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names an unpickler may import for ``dotted``: (as written and NFKC-folded, with Python 2 modules and names
    mapped by ``_compat_pickle`` as ``fix_imports`` does for protocols < 3)."""
    text = dotted.strip()
    written = [text]
    folded = unicodedata.normalize("NFKC", text)
    if folded != text:
        written.append(folded)
    out: list[str] = []
    for form in written:
        parts = form.split(".")
        for i in range(1, len(parts)):  # every split of module / qualname
            module, name = ".".join(parts[:i]), ".".join(parts[i:])
            mapped = _compat_pickle.NAME_MAPPING.get((module, name))
            if mapped is not None:
                out.append(".".join(mapped))
            elif module in _compat_pickle.IMPORT_MAPPING:
                out.append(f"{_compat_pickle.IMPORT_MAPPING[module]}.{name}")
        for old, new in (("__builtin__.", "builtins."), ("__builtins__.", "builtins."), ("exceptions.", "builtins.")):
            if form.startswith(old):
                out.append(new + form[len(old) :])
    return tuple(written), tuple(dict.fromkeys(out))
