"""Dependencies outside requirements files: setup.py/setup.cfg, Pipfile(.lock), conda environments, lock files."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator

from ..models import Reference
from .base import Hit, SourceFile, hit_reference
from .cutshort import unparsable
from .lines import text_lines
from .reqparse import requirement_hit

CONDA_NAMES = {"pytorch": "torch", "pytorch-gpu": "torch", "pytorch-cpu": "torch", "tensorflow-gpu": "tensorflow",
               "huggingface_hub": "huggingface-hub", "sentence-transformers": "sentence-transformers"}
LOCK_NAMES = frozenset({"uv.lock", "poetry.lock", "pdm.lock", "pylock.toml"})



def find_line(lines: list[str], needle: str, start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    return None


def setup_py_requirements(tree: ast.Module, text: str) -> Iterator[Hit]:
    """Literal ``install_requires`` / ``extras_require`` of a ``setup()`` call (names bound to lists are followed)."""
    lists: dict[str, ast.expr] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            lists[stmt.targets[0].id] = stmt.value
    seen: set[tuple[str, int | None]] = set()
    for hit in _setup_call_requirements(tree, lists):
        seen.add((hit.identifier, hit.line))
        yield hit
    for name, value in lists.items():  # transformers-style ``_deps = [...]`` tables the setup() call indexes into
        if _DEPS_NAME.search(name) and isinstance(value, (ast.List, ast.Tuple)):
            for hit in _literal_reqs(value, lists):
                if (hit.identifier, hit.line) not in seen:
                    seen.add((hit.identifier, hit.line))
                    yield hit


_DEPS_NAME = re.compile(r"(?i)(^_?deps$|_deps$|^deps_|requires$|requirements$|^required$|dependencies$)")


def _setup_call_requirements(tree: ast.Module, lists: dict[str, ast.expr]) -> Iterator[Hit]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "setup"):
            continue
        for kw in node.keywords:
            if kw.arg == "install_requires":
                yield from _literal_reqs(kw.value, lists)
            elif kw.arg == "extras_require":
                value = lists.get(kw.value.id, kw.value) if isinstance(kw.value, ast.Name) else kw.value
                if isinstance(value, ast.Dict):
                    for item in value.values:
                        yield from _literal_reqs(item, lists)


def _literal_reqs(expr: ast.expr, lists: dict[str, ast.expr]) -> Iterator[Hit]:
    if isinstance(expr, ast.Name) and expr.id in lists:
        expr = lists[expr.id]
    if isinstance(expr, ast.BinOp):
        yield from _literal_reqs(expr.left, lists)
        yield from _literal_reqs(expr.right, lists)
        return
    if isinstance(expr, (ast.List, ast.Tuple)):
        for elt in expr.elts:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                hit = requirement_hit(elt.value, elt.lineno, "setup.py")
                if hit is not None:
                    yield hit


class DependencyFilesDetector:
    """setup.cfg, Pipfile, Pipfile.lock, conda environment files and uv/poetry/pdm lock files."""

    name = "dependencies"

    def wants(self, src: SourceFile) -> bool:
        name = src.name.lower()
        return (name in ("setup.cfg", "pipfile", "pipfile.lock", "pixi.toml") or name in LOCK_NAMES
                or name in ("environment.yml", "environment.yaml", "conda.yml", "conda.yaml") or name.endswith((".conda.yml", ".conda.yaml")))

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        name = src.name.lower()
        if name == "setup.cfg":
            hits = _setup_cfg(src.text)
        elif name == "pipfile":
            hits = _pipfile(src.text)
        elif name == "pixi.toml":
            hits = _pixi(src.text)
        elif name == "pipfile.lock":
            hits = _pipfile_lock(src.text)
        elif name in LOCK_NAMES:
            hits = _toml_lock(src.text)
        else:
            hits = _conda(src.text)
        return [hit_reference(src, h, self.name) for h in hits]


def _setup_cfg(text: str) -> Iterator[Hit]:
    import configparser  # here, like tomllib below: only the files that need them pay the import

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, RecursionError) as exc:
        unparsable("ini", exc)
        return
    lines = text_lines(text)
    values: list[str] = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        values.extend(v for _, v in parser.items("options.extras_require"))
    for value in values:
        for item in value.splitlines():
            item = item.strip()
            hit = requirement_hit(item, find_line(lines, item) if item else None, "setup.cfg")
            if hit is not None:
                yield hit


def _pixi(text: str) -> Iterator[Hit]:
    """pixi.toml: ``[pypi-dependencies]`` and conda ``[dependencies]``, top level and per ``[feature.X]``."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
        unparsable("toml", exc)
        return
    features = data.get("feature")
    tables = [data, *(f for f in features.values() if isinstance(f, dict))] if isinstance(features, dict) else [data]
    for table in tables:
        for section in ("pypi-dependencies", "dependencies"):
            for name, spec in (table.get(section) or {}).items() if isinstance(table.get(section), dict) else ():
                if str(name).lower() in ("python", "pip"):
                    continue
                version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
                version = "" if version.strip() in ("*", "") else version.strip()
                if version and version[0].isdigit():
                    version = f"=={version}" if "*" not in version else ""
                name = CONDA_NAMES.get(str(name).lower(), str(name)) if section == "dependencies" else str(name)
                hit = requirement_hit(f"{name}{version}", find_line(text_lines(text), f"{name} ") or find_line(text_lines(text), name), "pixi.toml")
                if hit is not None:
                    yield hit


def _pipfile(text: str, sections: tuple[str, ...] = ("packages", "dev-packages")) -> Iterator[Hit]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
        unparsable("toml", exc)
        return
    lines = text_lines(text)
    for section in sections:
        table = data.get(section)
        if not isinstance(table, dict):
            continue
        for name, spec in table.items():
            version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
            version = "" if version.strip() == "*" else version.strip()
            hit = requirement_hit(f"{name}{version}", find_line(lines, f"{name} ") or find_line(lines, name), "Pipfile")
            if hit is not None:
                yield hit


def _pipfile_lock(text: str) -> Iterator[Hit]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        unparsable("json", exc)
        return
    lines = text_lines(text)
    for section in ("default", "develop"):
        table = data.get(section) if isinstance(data, dict) else None
        if not isinstance(table, dict):
            continue
        for name, spec in table.items():
            version = spec.get("version", "") if isinstance(spec, dict) else ""
            hit = requirement_hit(f"{name}{version}", find_line(lines, f'"{name}"'), "Pipfile.lock")
            if hit is not None:
                yield hit


def _toml_lock(text: str) -> Iterator[Hit]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
        unparsable("toml", exc)
        return
    lines = text_lines(text)
    for package in data.get("package", data.get("packages", [])) or []:
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            continue
        name, version = package["name"], package.get("version")
        spec = f"{name}=={version}" if isinstance(version, str) and version else name
        hit = requirement_hit(spec, find_line(lines, f'name = "{name}"'), "lock")
        if hit is not None:
            yield hit


_CONDA_SPEC = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\s*(?P<op>==|>=|<=|=|>|<|~=)\s*(?P<ver>[^=\s]+))?")


def _conda(text: str) -> Iterator[Hit]:
    import yaml

    from ..yamlio import check_depth

    try:
        check_depth(text)
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        unparsable("yaml", exc)
        return
    if not isinstance(data, dict):
        return
    lines = text_lines(text)
    for dep in data.get("dependencies") or []:
        if isinstance(dep, dict):
            for item in dep.get("pip") or []:
                if isinstance(item, str):
                    hit = requirement_hit(item, find_line(lines, item), "environment.yml:pip")
                    if hit is not None:
                        yield hit
            continue
        if not isinstance(dep, str):
            continue
        spec = dep.split("::")[-1].strip()
        m = _CONDA_SPEC.match(spec)
        if not m or m.group("name").lower() in ("python", "pip"):
            continue
        name = CONDA_NAMES.get(m.group("name").lower(), m.group("name"))
        op, ver = m.group("op"), m.group("ver")
        if op == "=":
            op = "==" if ver and ver.count(".") >= 2 and "*" not in ver else ">="
        hit = requirement_hit(f"{name}{op or ''}{(ver or '').rstrip('*').rstrip('.') if op else ''}", find_line(lines, dep), "environment.yml")
        if hit is not None:
            yield hit
