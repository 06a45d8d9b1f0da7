"""Fast paths of the cold analysis give exactly what the plain code gives (differential tests on generated inputs)."""

from __future__ import annotations

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
