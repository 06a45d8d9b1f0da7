"""Fast paths of the cold analysis give exactly what the plain code gives (differential tests on generated inputs)."""

from __future__ import annotations

import ast
import os
import random
from pathlib import Path, PurePosixPath

import pytest

from scanner.discover.python import imports


def _plain_find_module(root: Path, folder: str, module: str, level: int) -> Path | None:
    """The former pathlib implementation: is_file, size cap, no symlink, every ancestor (or the ``level``-th parent)."""
    relpath = f"{folder}/x.py"
    parts = [p for p in module.split(".") if p]
    if not parts:
        return None
    here = PurePosixPath(relpath).parent
    bases = [here, *here.parents]
    if level:
        base = here
        for _ in range(level - 1):
            if base == PurePosixPath("."):
                return None
            base = base.parent
        bases = [base]
    for base in bases:
        stem = base.joinpath(*parts)
        for candidate in (stem.with_name(stem.name + ".py"), stem / "__init__.py"):
            if ".." in candidate.parts:
                continue
            path = root / candidate
            try:
                if path.is_file() and path.stat().st_size <= imports.MAX_BYTES and not path.is_symlink():
                    return path
            except OSError:
                continue
    return None


def _tree(root: Path, rng: random.Random) -> list[str]:
    """A random package tree: modules, packages, oversized modules, symlinked files and folders, folders named x.py."""
    names = ["a", "b", "c", "settings", "config"]
    folders = ["."]
    for _ in range(12):
        parent = rng.choice(folders)
        folder = rng.choice(names) if parent == "." else f"{parent}/{rng.choice(names)}"
        (root / folder).mkdir(parents=True, exist_ok=True)
        if folder not in folders:
            folders.append(folder)
    for _ in range(30):
        folder = rng.choice(folders)
        name = rng.choice(names)
        target = root / folder / (f"{name}.py" if rng.random() < 0.7 else "__init__.py")
        kind = rng.random()
        if target.exists() or target.is_symlink():
            continue
        if kind < 0.6:
            target.write_text("X = 'v'\n")
        elif kind < 0.7:
            target.write_bytes(b"#" * (imports.MAX_BYTES + 1))
        elif kind < 0.8:
            target.mkdir()
        elif kind < 0.9:
            os.symlink(root / "a.py", target)  # may dangle
        elif not (root / folder / f"{name}_link").is_symlink():
            os.symlink(root / rng.choice(folders), root / folder / f"{name}_link")
    return folders


@pytest.mark.parametrize("seed", range(8))
def test_find_module_same_as_pathlib(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / f"r{seed}"
    root.mkdir()
    folders = _tree(root, rng) + ["a/b_link", "a_link/b"]
    modules = ["a", "b", "a.b", "settings", "config.settings", "a.b.c", "", ".", "c..a", "b_link.a", "a_link"]
    imports._find_module.cache_clear()
    for folder in folders:
        for module in modules:
            for level in range(0, 5):
                assert imports._find_module(root, folder, module, level) == _plain_find_module(root, folder, module, level), \
                    (folder, module, level)


# ---- literal gates for case-insensitive regexes (textgate) ----------------------------------------------------------

from scanner.discover.python import catalog, support  # noqa: E402
from scanner.discover.python.astwalk import node_types_outside  # noqa: E402
from scanner.discover.python.textgate import _FOLDS_TO_ASCII, folded, search_from  # noqa: E402

_PIECES = ["register_", "REGISTER_", "add_", "ADD_", "Add_model(", "register_llm (", "add_family\t(", "register_models(",
           "x.startswith(", ".STARTSWITH(", ".endswith(", ".removeprefix(", ".RemoveSuffix(", "== 'gpt-4'", "!= \"claude\"",
           "'qwen-max' in m", "'o1' not in m", "\"deepseek-chat\" ==", "model", "llm", "family", "(", "_", " ", "\n", "'", '"',
           "é", "中", "\u0130", "\u0131", "\u017f", "\u212a", "\u212b", "regi\u017fter_model(", "\u0130s", "add_\u212aey_model(",
           ".\u017ftartswith(", "== 'gpt", "'gemini-pro'", "in ", "a", "Z", "=", "!", "-", "9"]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_lowering_maps_only_the_four_folding_characters_to_ascii() -> None:
    """The premise of textgate: beyond ASCII, only these characters lower-case to something with ASCII in it, and
    only these match an ASCII letter under re.IGNORECASE."""
    import re

    lowers_to_ascii = {chr(cp) for cp in range(128, 0x110000) if any(ord(c) < 128 for c in chr(cp).lower())}
    assert lowers_to_ascii <= set(_FOLDS_TO_ASCII)
    letters = re.compile("(?i)[a-z]")
    matches_ascii = {chr(cp) for cp in range(128, 0x110000) if not 0xD800 <= cp < 0xE000 and letters.fullmatch(chr(cp))}
    assert matches_ascii <= set(_FOLDS_TO_ASCII)
    word = re.compile(r"[\w.:'\"/-]")  # what the catalogue's folded scan relies on: lowering keeps these classes
    changed = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and len(chr(cp).lower()) == 1
               and bool(word.fullmatch(chr(cp))) != bool(word.fullmatch(chr(cp).lower()))]
    assert changed == []
    assert catalog._CANDIDATE_FOLDED.pattern == catalog._CANDIDATE.pattern.removeprefix("(?i)")
    assert catalog._CANDIDATE_FOLDED.pattern == catalog._CANDIDATE_FOLDED.pattern.lower()


@pytest.mark.parametrize("seed", range(4))
def test_search_from_same_as_search(seed: int) -> None:
    for text in _texts(seed, 3000):
        expected = catalog._REGISTRY_TEXT.search(text) is not None
        assert search_from(catalog._REGISTRY_TEXT, text, folded(text), ("register_", "add_")) == expected, text
        assert catalog.worth_walking(text) == (expected or sum(1 for _ in catalog._CANDIDATE.finditer(text)) >= catalog.MIN_NAMED)


@pytest.mark.parametrize("seed", range(4))
def test_support_shapes_same_as_regex(seed: int) -> None:
    for text in _texts(100 + seed, 3000):
        assert support._has_shapes(text) == (support._SHAPES.search(text) is not None), text


def test_folded_refuses_texts_where_literals_would_miss() -> None:
    for ch in _FOLDS_TO_ASCII:
        assert folded(f"x{ch}y") is None
    assert folded("Qwen/中文 ÉÀ") == "qwen/中文 éà"


def test_node_types_outside() -> None:
    import ast

    outside = node_types_outside(ast.Call, ast.Compare)
    assert ast.Name in outside and ast.Constant in outside and ast.Call not in outside and ast.Compare not in outside
    for cls in outside:
        assert not issubclass(cls, (ast.Call, ast.Compare))


# ---- Bindings: the statement/expression walk with per-type tables gives the plain walk's records ----------------------

from scanner.discover.python.bindings import Bindings, Scope  # noqa: E402

from .plain_bindings import PlainBindings  # noqa: E402

_ROOT = Path(__file__).resolve().parents[2]
_SNIPPETS = [
    "match cmd:\n    case {'model': m, **rest}:\n        load(m)\n    case Point(x=1) if (y := f('org/name')):\n        g(y)\n",
    "try:\n    import x\nexcept (A, B) as e:\n    m = AutoModel.from_pretrained('a/b')\nelse:\n    pass\nfinally:\n    d = {**k, 'model': 'x/y'}\n",
    "with open(p) as f, ctx(m='a/b') as (a, b):\n    a, b = MODELS[name]\n    [z for z in ['gpt-4o'] if z.startswith('g')]\n",
    "class C:\n    model = 'a/b'\n    x: int\n    async def f(self, m='q/r', *, k=lambda: {'model': 1}):\n"
    "        async for i in g():\n            await h(i)\n",
    "os.environ['M'] = 'a/b'\napp.config['MODEL'] = v\nos.environ.setdefault('X', 'y')\nd[k] = v\nfor k, v in d.items(): pass\n",
    "for i, x in enumerate(L): pass\nfor a, b in zip(X, Y): pass\nfor a, b in pairs: pass\nglobal G\ndel x[1]\nassert f(x), g('m')\n",
    "parser.add_argument('--model-name', default='a/b', dest='mdl')\n@deco(m='x/y')\ndef f(a, /, b=1, *c, d, e=2, **f): return {'k': [1, (2, {3})]}\n",
]


def _sources() -> list[tuple[str, str]]:
    files = sorted((_ROOT / "scanner").rglob("*.py"))[::3] + sorted((_ROOT / "tests").rglob("*.py"))[::5]
    return [(p.name, p.read_text(encoding="utf-8")) for p in files] + [(f"snippet{i}", s) for i, s in enumerate(_SNIPPETS)]


def _record(b: Bindings) -> object:
    def bind(entry: tuple[str, ast.AST, Scope | None]) -> tuple[str, int, str | None]:
        return entry[0], id(entry[1]), entry[2].name if entry[2] is not None else None

    return (
        [(s.name, s.params, s.is_class, [(k, [bind(e) for e in v]) for k, v in s.names.items()]) for s in b.scopes],
        [(k, [bind(e) for e in v]) for k, v in b.attrs.items()],
        list(b.imports.items()), [(k, id(v)) for k, v in b.functions.items()], [(k, id(v)) for k, v in b.inits.items()],
        [(id(c), s.name) for c, s in b.calls], [(id(d), s.name) for d, s in b.dicts], [id(x) for x in b.lists],
        [(n, id(e), s.name) for n, e, s in b.returns], [(id(k), id(v), s.name) for k, v, s in b.env_sets],
        list(b.fields.items()), [(k, [(id(a), id(c), s.name) for a, c, s in v]) for k, v in b.keyed.items()],
    )


@pytest.mark.parametrize("name,source", _sources(), ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_bindings_same_as_plain_walk(name: str, source: str) -> None:
    tree = ast.parse(source)
    assert _record(Bindings.build(tree)) == _record(PlainBindings.build(tree)), name


# ---- config trees: the first line holding a value, by one find over the joined lines ---------------------------------

from scanner.discover.configtree import _Window  # noqa: E402


@pytest.mark.parametrize("seed", range(6))
def test_window_same_as_line_loop(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = ["a", "b", "ab", "ba", "/", ":", " ", "é", "中", "\r", "\n" if seed % 3 == 0 else "x"]
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 40))]
    window = _Window(lines)
    values = ["", "a", "b", "ab", "ba", "a/b", "b:a", "\n", "a\nb", "x", "é中", "zz", " ", "\r"]
    for _ in range(400):
        value = rng.choice(values)
        first = rng.randint(0, len(lines) + 2)
        stop = min(len(lines), first + rng.randint(0, 12))
        expected = next((i for i in range(first, stop) if value in lines[i]), None)
        found = window.find(value, first, 0, stop)  # from the start of line `first`: the first line holding value
        assert (found[0] if found else None) == expected, (lines, value, first, stop)


# ---- _Analysis._call: the early return for calls without arguments, one pass over keyword names ----------------------

from scanner.discover.python import detector  # noqa: E402

from .plain_call import plain_call  # noqa: E402

_CALL_SNIPPETS = [
    "from transformers import AutoModel\nm = AutoModel.from_pretrained()\nn = AutoModel.from_pretrained('org/name', trust_remote_code=True)\n",
    "import openai\nc = openai.OpenAI()\nc.chat.completions.create()\nc.chat.completions.create(model='gpt-4o', **{'temperature': 0})\n",
    "d = dict()\ne = dict(model='org/name')\nf(**e)\nkw = {'model': 'q/r'}\nload(**kw)\nlm_eval.simple_evaluate(model_args='pretrained=a/b')\n",
    "def helper(m):\n    return AutoTokenizer.from_pretrained(m)\nhelper()\nhelper('x/y')\nFlagReranker('BAAI/bge-reranker')\nlitellm.completion()\n",
    "from x import Embedder\nEmbedder.Foo(name='a/b')\nEmbedder.Foo()\ng(model_name='m/n', trust_remote_code=TRC)\nTRC = True\nollama.create()\n",
]


@pytest.mark.parametrize("name,source", _sources()[::2] + [(f"call{i}", s) for i, s in enumerate(_CALL_SNIPPETS)],
                         ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_call_same_as_plain(name: str, source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = ast.parse(source)
    fast = list(detector.analyse(tree, source))
    monkeypatch.setattr(detector._Analysis, "_call", plain_call)
    assert list(detector.analyse(tree, source)) == fast, name


# ---- configtrust: the path spelled only for a match ------------------------------------------------------------------

from scanner.discover import configtrust  # noqa: E402


def _plain_collect(node: object, path: str, out: list[tuple[str, object, dict[str, object]]], budget: list[int], depth: int = 0) -> None:
    budget[0] -= 1
    if budget[0] < 0 or depth > 60:
        return
    if isinstance(node, dict):
        siblings = {str(k).lower().replace("-", "_"): v for k, v in node.items()}
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if str(key).lower() in configtrust.KEYS and configtrust._true(value):
                out.append((where, value, siblings))
            else:
                _plain_collect(value, where, out, budget, depth + 1)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _plain_collect(item, f"{path}[{i}]", out, budget, depth + 1)


def _random_tree(rng: random.Random, depth: int = 0) -> object:
    if depth > 5 or rng.random() < 0.3:
        return rng.choice(["true", "no", True, 1, "x", None, 2.5, " 'Yes' "])
    if rng.random() < 0.5:
        return [_random_tree(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["", "a", "Trust_Remote_Code", "trust-remote-code", "model", 0, True, 1.5, "trustremotecode", "b-c"]
    return {rng.choice(keys): _random_tree(rng, depth + 1) for _ in range(rng.randint(0, 5))}


@pytest.mark.parametrize("seed", range(6))
def test_configtrust_collect_same_as_plain(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        tree = _random_tree(rng)
        for budget in (5, 40, configtrust.MAX_NODES):
            fast: list[tuple[str, object, dict[str, object]]] = []
            plain: list[tuple[str, object, dict[str, object]]] = []
            configtrust._collect(tree, [], fast, [budget])
            _plain_collect(tree, "", plain, [budget])
            assert [(p, id(v), s) for p, v, s in fast] == [(p, id(v), s) for p, v, s in plain]


# ---- recordcodec: fields read once per type -------------------------------------------------------------------------

def _plain_encode(obj: object) -> object:
    import dataclasses
    import enum
    from collections.abc import Mapping

    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, object] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.default is not dataclasses.MISSING and value == f.default and type(value) is type(f.default):
                continue
            if f.default_factory is not dataclasses.MISSING and value == f.default_factory():
                continue
            out[f.name] = _plain_encode(value)
        return out
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [_plain_encode(v) for v in obj]
    if isinstance(obj, Mapping):
        return {str(k): _plain_encode(v) for k, v in obj.items()}
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(type(obj).__name__)


def test_encode_same_as_plain(tmp_path: Path) -> None:
    import json

    from scanner.config import ScanConfig
    from scanner.discover.engine import scan_files
    from scanner.recordcodec import encode

    example = _ROOT / "examples" / "rag-service"
    out = scan_files(ScanConfig(root=example), use_cache=False, workers=1)
    records = [*out.references, *out.files, *out.errors, out.coverage, out.stats]
    assert out.references
    for record in records:
        assert json.dumps(encode(record)) == json.dumps(_plain_encode(record))  # same keys in the same order
    assert encode({"a": (1, None, "x")}) == _plain_encode({"a": (1, None, "x")})
    with pytest.raises(TypeError):
        encode(ScanConfig)  # a class is not encoded as a record, cached or not


def test_hf_uri_prefix_read_on_the_head_only() -> None:
    rng = random.Random(7)
    pieces = ["h", "H", "f", "F", ":", "/", "//", "\u0130", "\u03a3", "K", "x", " ", "hf://", "HF://", "Hf://o/n"]
    for _ in range(20000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert value[:8].lower().startswith("hf://") == value.lower().startswith("hf://"), value


def test_config_walk_keys_normalised_once() -> None:
    from scanner.discover.configtree import LStr
    from scanner.discover.configwalk import walk_tree

    tree = {"services": {"app": {"Model-Name": LStr("org/name", 2), "STORAGE": LStr("HF://a/b", 4), "provider": "ollama",
                                 "model": "llama3:8b", "env": {"MODEL": "x/y"}}},
            "llm": {"model-name": "gpt-4o", "base-url": "https://api.openai.com/v1"}, "storageUri": "hf://c/d", "datasets": ["e/f"]}
    assert sorted((h.identifier, h.via) for h in walk_tree(tree)) == [  # as before the keys were normalised once
        ("c/d", "key:storageUri"), ("e/f", "key:datasets"), ("gpt-4o", "key:model-name"), ("llama3:8b", "key:model"),
        ("x/y:latest", "key:MODEL")]
