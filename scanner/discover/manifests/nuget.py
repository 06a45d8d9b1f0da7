"""NuGet: PackageReference in project files, packages.config and central versions in Directory.Packages.props."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from .common import MAX_PACKAGES, package_cap, package_hit

_ELEMENT = re.compile(r"<(?P<tag>PackageReference|PackageVersion|package|GlobalPackageReference)\b(?P<attrs>[^>]{0,1000}?)"
                      r"(?:/>|>(?P<body>.{0,1000}?)</(?P=tag)>)", re.S | re.I)
_ATTR = re.compile(r"""(?P<k>Include|Update|id|Version|VersionOverride)\s*=\s*["'](?P<v>[^"']{0,300})["']""", re.I)
_CHILD_VERSION = re.compile(r"<Version>\s*([^<\s]+)\s*</Version>", re.I)
PROJECT_SUFFIXES = (".csproj", ".fsproj", ".vbproj")


class NugetDetector:
    """NuGet packages of .NET projects."""

    name = "nuget"

    def wants(self, src: SourceFile) -> bool:
        name = src.name.lower()
        return name.endswith(PROJECT_SUFFIXES) or name in ("packages.config", "directory.packages.props", "directory.build.props")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        return [hit_reference(src, h, self.name) for h in nuget_hits(src.text)]


def nuget_hits(text: str) -> Iterator[Hit]:
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    for i, m in enumerate(_ELEMENT.finditer(text)):
        if i >= MAX_PACKAGES:
            package_cap()
            break
        attrs = {a.group("k").lower(): a.group("v") for a in _ATTR.finditer(m.group("attrs"))}
        name = attrs.get("include") or attrs.get("update") or attrs.get("id")
        if not name or "$(" in name:
            continue
        version = attrs.get("version") or attrs.get("versionoverride") or ""
        if not version and m.group("body"):
            child = _CHILD_VERSION.search(m.group("body"))
            version = child.group(1) if child else ""
        version = version.strip("[]") if re.fullmatch(r"\[[^,\]]+\]", version) else version
        yield package_hit("nuget", name, version if "$(" not in version else "", text.count("\n", 0, m.start()) + 1, m.group("tag"),
                          locked=bool(version) and not any(c in version for c in "[(,*"))
