"""Packaging: every package folder ships, declared runtime dependencies = what scanner/ imports, floors stated."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# import name -> distribution name, for the third-party modules scanner/ imports
DISTRIBUTIONS = {"yaml": "pyyaml", "dotenv": "python-dotenv", "pip_requirements_parser": "pip-requirements-parser"}


def _setup() -> configparser.ConfigParser:
    cfg = configparser.ConfigParser()
    cfg.read(REPO / "setup.cfg", encoding="utf-8")
    return cfg


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_every_package_folder_is_listed() -> None:
    """A folder with .py files or package data under scanner/ that setup.cfg does not list is missing from the wheel."""
    listed = set(_lines(_setup()["options"]["packages"]))
    found = set()
    for folder in [REPO / "scanner", *sorted(p for p in (REPO / "scanner").rglob("*") if p.is_dir())]:
        if "__pycache__" in folder.parts or not any(f.is_file() for f in folder.iterdir()):
            continue
        found.add(".".join(folder.relative_to(REPO).parts))
    assert found - listed == set(), "add these to [options] packages in setup.cfg"
    assert "scanner.rules" in listed and "scanner.rules.registry" in listed


def test_declared_dependencies_are_the_imported_ones() -> None:
    requires = {re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower().replace("_", "-") for line in _lines(_setup()["options"]["install_requires"])}
    imported: set[str] = set()
    guarded: set[str] = set()  # imported under `except ImportError`: need not be declared, but count as used
    for path in (REPO / "scanner").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        optional = set()  # imports guarded by `except ImportError` are optional extras, not requirements
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
                optional.update(id(n) for stmt in node.body for n in ast.walk(stmt))
        dynamic = "import_module" in path.read_text(encoding="utf-8")  # importlib.import_module("name") from a table
        for node in ast.walk(tree):
            # a module table (("tree_sitter_go", "language"), ...) or import_module("x"): the first string names a module
            first = node.elts[0] if isinstance(node, ast.Tuple) and node.elts else node.args[0] if isinstance(node, ast.Call) and node.args else None
            if dynamic and isinstance(first, ast.Constant) and isinstance(first.value, str) and re.fullmatch(r"[a-z][a-z0-9_]{2,}", first.value):
                if first.value not in sys.stdlib_module_names and importlib.util.find_spec(first.value) is not None:
                    imported.add(first.value)
            if id(node) in optional:
                if isinstance(node, ast.Import):
                    guarded.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    guarded.add(node.module.split(".")[0])
                continue
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {n for n in imported if n not in sys.stdlib_module_names and n != "scanner"}
    as_dists = {DISTRIBUTIONS.get(n, n).lower().replace("_", "-") for n in third_party}
    assert as_dists - requires == set(), "imported but not declared"
    used = as_dists | {DISTRIBUTIONS.get(n, n).lower().replace("_", "-") for n in guarded}
    assert requires - used == set(), "declared but never imported"


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names)


def test_every_runtime_dependency_has_a_floor() -> None:
    for line in _lines(_setup()["options"]["install_requires"]):
        assert ">=" in line, line


def test_license_and_metadata() -> None:
    meta = _setup()["metadata"]
    assert meta["license_expression"] == "Apache-2.0"
    assert "Apache License" in (REPO / "LICENSE").read_text(encoding="utf-8")[:200]
    assert "Source" in meta["project_urls"] and meta["classifiers"].strip()
    assert not any(line.startswith("License ::") for line in _lines(meta["classifiers"]))  # the expression replaces them
