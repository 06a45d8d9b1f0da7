"""Python dependencies from requirements files and pyproject.toml (PEP 621 and Poetry)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..models import Reference, RefKind
from .base import SourceFile, make_reference
from .lines import text_lines
from .reqparse import parse_requirement

_REQ_NAME = re.compile(r"^(requirements|constraints|requires)([-_.][\w.-]*)?\.(txt|in|pip)$", re.I)



def package_ref(src: SourceFile, text: str, line: int | None, detector: str) -> Reference | None:
    parsed = parse_requirement(text)
    if parsed is None:
        return None
    name, spec, pinned = parsed
    return make_reference(
        src, kind=RefKind.PACKAGE, identifier=name, detector=detector, line=line, evidence=text,
        specifier=spec, revision="pinned" if pinned else None,
    )


class RequirementsDetector:
    """``requirements*.txt`` and friends, read with pip's grammar (``pip-requirements-parser``): line continuations,
    options, ``--hash`` lines, environment markers; ``-r``/``-c`` includes inside the root are followed, bounded."""

    name = "requirements"

    def wants(self, src: SourceFile) -> bool:
        return bool(_REQ_NAME.match(src.name))

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        from .reqfile import read_requirements

        for rel, line, name, spec, pinned, evidence in read_requirements(src.root, src.relpath, src.data):
            where = src if rel == src.relpath else SourceFile(root=src.root, relpath=rel, size=0)
            if where is not src and rel not in src.depends_on:
                src.depends_on.append(rel)
            yield make_reference(where, kind=RefKind.PACKAGE, identifier=name, detector=self.name, line=line,
                                 evidence=evidence, specifier=spec, revision="pinned" if pinned else None)


class PyprojectDetector:
    """``pyproject.toml``: PEP 621 dependencies and optional dependencies, Poetry dependencies."""

    name = "pyproject"

    def wants(self, src: SourceFile) -> bool:
        return src.name == "pyproject.toml"

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        import tomllib

        try:
            data = tomllib.loads(src.text)
        except tomllib.TOMLDecodeError:
            return
        lines = text_lines(src.text)
        for requirement in _pep621(data):
            ref = package_ref(src, requirement, _find_line(lines, requirement), self.name)
            if ref is not None:
                yield ref
        poetry = data.get("tool", {}).get("poetry", {})
        for table in [poetry.get("dependencies", {})] + [g.get("dependencies", {}) for g in poetry.get("group", {}).values() if isinstance(g, dict)]:
            if not isinstance(table, dict):
                continue
            for name, spec in table.items():
                if name.lower() == "python":
                    continue
                version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
                text = name + _poetry_spec(version)
                ref = package_ref(src, text, _find_line(lines, name), self.name)
                if ref is not None:
                    yield ref
        yield from _tool_tables(src, data, lines)


# [tool.*] tables of build and lint tools never name models; an application's own table may.
NOT_APP_TOOLS = frozenset({"poetry", "pdm", "uv", "setuptools", "setuptools_scm", "hatch", "flit", "maturin", "ruff", "black",
                           "isort", "mypy", "pyright", "pytest", "coverage", "pylint", "codespell", "bandit", "towncrier",
                           "cibuildwheel", "tox", "commitizen", "bumpversion", "semantic_release", "pixi", "scikit-build",
                           "aiscan", "pydocstyle", "docformatter", "interrogate", "vulture", "yapf", "autopep8", "sphinx"})


def _tool_tables(src: SourceFile, data: dict[str, object], lines: list[str]) -> Iterator[Reference]:
    """Model keys in an application's own ``[tool.<name>]`` table (the file is parsed once, above)."""
    from .base import hit_reference
    from .configtree import located
    from .configwalk import walk_tree

    tool = data.get("tool")
    if not isinstance(tool, dict):
        return
    tables = {k: v for k, v in tool.items() if isinstance(v, dict) and k.lower() not in NOT_APP_TOOLS}
    if tables:
        for hit in walk_tree(located(tables, lines)):
            yield hit_reference(src, hit, "pyproject")


def _pep621(data: dict[str, object]) -> Iterator[str]:
    project = data.get("project", {})
    if isinstance(project, dict):
        yield from (d for d in project.get("dependencies", []) if isinstance(d, str))
        for group in (project.get("optional-dependencies") or {}).values():
            yield from (d for d in group if isinstance(d, str))
    tool = data.get("tool", {})
    pdm = tool.get("pdm", {}) if isinstance(tool, dict) else {}
    uv = tool.get("uv", {}) if isinstance(tool, dict) else {}
    for groups in (data.get("dependency-groups"), pdm.get("dev-dependencies") if isinstance(pdm, dict) else None):
        if isinstance(groups, dict):
            for group in groups.values():
                if isinstance(group, list):
                    yield from (d for d in group if isinstance(d, str))
    if isinstance(uv, dict) and isinstance(uv.get("dev-dependencies"), list):
        yield from (d for d in uv["dev-dependencies"] if isinstance(d, str))


def _poetry_spec(version: str) -> str:
    version = version.strip()
    if not version or version == "*":
        return ""
    if version[0].isdigit():
        return f"=={version}"
    if version.startswith("^") or version.startswith("~"):
        return f">={version[1:]}"
    return version


def _find_line(lines: list[str], needle: str) -> int | None:
    key = needle.split(";")[0].strip().strip('"')
    for i, line in enumerate(lines, start=1):
        if key and key in line:
            return i
    return None
