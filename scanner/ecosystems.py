"""Package ecosystems: ecosystem-keyed package ids (``npm:openai``), registry keys and purls; bare names are PyPI."""

from __future__ import annotations

import re
from urllib.parse import quote

ECOSYSTEMS = ("pypi", "npm", "go", "maven", "cargo", "nuget")
_PURL_TYPES = {"pypi": "pypi", "npm": "npm", "go": "golang", "maven": "maven", "cargo": "cargo", "nuget": "nuget"}
_PYPI_NORMALIZE = re.compile(r"[-_.]+")


def package_id(ecosystem: str, name: str) -> str:
    """``npm:@ai-sdk/openai``, ``go:github.com/ollama/ollama``, ``maven:group:artifact``; PyPI names stay bare."""
    if ecosystem == "pypi":
        return name
    return f"{ecosystem}:{name.lower() if ecosystem == 'npm' else name}"


def split_id(identifier: str) -> tuple[str, str]:
    """(ecosystem, name) of a package id; ``pypi`` for bare names."""
    head, sep, rest = identifier.partition(":")
    return (head, rest) if sep and head in ECOSYSTEMS and head != "pypi" else ("pypi", identifier)


def registry_key(identifier: str) -> str:
    """The knowledge-base key of a package id: PyPI names canonicalised, NuGet case-folded, Go /vN suffixes dropped."""
    ecosystem, name = split_id(identifier)
    if ecosystem == "pypi":
        return _PYPI_NORMALIZE.sub("-", name).lower()
    if ecosystem in ("npm", "nuget"):
        name = name.lower()
    elif ecosystem == "cargo":
        name = name.lower().replace("_", "-")
    elif ecosystem == "go":
        name = re.sub(r"/v\d+$", "", name)
    return f"{ecosystem}:{name}"


def purl(identifier: str, version: str | None = None) -> str:
    """The package URL of a package id (``pkg:npm/%40ai-sdk/openai@1.0.8``, ``pkg:maven/com.openai/openai-java``)."""
    ecosystem, name = split_id(identifier)
    if ecosystem == "pypi":
        name = _PYPI_NORMALIZE.sub("-", name).lower()
    if ecosystem == "maven":
        group, _, artifact = name.partition(":")
        path = f"{quote(group, safe='')}/{quote(artifact, safe='')}"
    elif ecosystem in ("npm", "go"):
        path = "/".join(quote(part, safe="") for part in name.split("/"))
    else:
        path = quote(name, safe="")
    out = f"pkg:{_PURL_TYPES[ecosystem]}/{path}"
    return out + (f"@{quote(version, safe='.+!-')}" if version else "")
