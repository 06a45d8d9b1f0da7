"""Maven and Gradle: pom.xml dependencies (with ``${property}`` versions), build.gradle(.kts) and version catalogs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from .common import MAX_PACKAGES, package_cap, package_hit

_DEP = re.compile(r"<dependency>(.{0,4000}?)</dependency>", re.S)
_TAG = {k: re.compile(rf"<{k}>\s*([^<\s]{{1,200}})\s*</{k}>") for k in ("groupId", "artifactId", "version")}
_PROPS = re.compile(r"<properties>(.{0,20000}?)</properties>", re.S)
_PROP = re.compile(r"<([\w.\-]{1,100})>\s*([^<]{0,200}?)\s*</\1>")
_CONFIGS = (r"(?:implementation|api|compileOnly|runtimeOnly|testImplementation|kapt|ksp|annotationProcessor|compile|"
            r"testRuntimeOnly|developmentOnly|platform|enforcedPlatform)")
_GRADLE = re.compile(_CONFIGS + r"""\s*\(?\s*(?:platform\s*\(\s*)?["'](?P<g>[\w.\-]{1,200}):(?P<a>[\w.\-]{1,200})(?::(?P<v>[^"'@\s]{1,100}))?["']""")
_GRADLE_MAP = re.compile(_CONFIGS + r"""\s*\(?\s*group\s*[=:]\s*["'](?P<g>[\w.\-]+)["']\s*,\s*name\s*[=:]\s*["'](?P<a>[\w.\-]+)["']"""
                         r"""(?:\s*,\s*version\s*[=:]\s*["'](?P<v>[^"']+)["'])?""")
_CATALOG = re.compile(r"""(?:module\s*=\s*["'](?P<g>[\w.\-]+):(?P<a>[\w.\-]+)["']|"""
                      r"""group\s*=\s*["'](?P<g2>[\w.\-]+)["']\s*,\s*name\s*=\s*["'](?P<a2>[\w.\-]+)["'])"""
                      r"""(?:\s*,\s*version(?:\.ref)?\s*=\s*["'](?P<v>[^"']+)["'])?""")
NAMES = frozenset({"pom.xml", "build.gradle", "build.gradle.kts", "libs.versions.toml"})


class JvmDetector:
    """Maven coordinates ``group:artifact`` from pom.xml, Gradle build scripts and ``libs.versions.toml``."""

    name = "jvm"

    def wants(self, src: SourceFile) -> bool:
        return src.name in NAMES

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        hits = _pom(src.text) if src.name == "pom.xml" else _gradle(src.text, catalog=src.name.endswith(".toml"))
        return [hit_reference(src, h, self.name) for h in hits]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _pom(text: str) -> Iterator[Hit]:
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    props: dict[str, str] = {}
    block = _PROPS.search(text)
    if block:
        props = {m.group(1): m.group(2) for m in _PROP.finditer(block.group(1))}
    for i, m in enumerate(_DEP.finditer(text)):
        if i >= MAX_PACKAGES:
            package_cap()
            break
        body = m.group(1)
        found = {k: rx.search(body) for k, rx in _TAG.items()}
        group, artifact, version = (found[k].group(1) if found[k] else "" for k in ("groupId", "artifactId", "version"))  # type: ignore[union-attr]
        if not group or not artifact:
            continue
        version = re.sub(r"\$\{([\w.\-]+)\}", lambda p: props.get(p.group(1), p.group(0)), version)
        yield package_hit("maven", f"{group}:{artifact}", version if "${" not in version else "", _line(text, m.start()), "pom.xml",
                          locked=True)


def _gradle(text: str, *, catalog: bool) -> Iterator[Hit]:
    patterns = (_CATALOG,) if catalog else (_GRADLE, _GRADLE_MAP)
    count = 0
    for rx in patterns:
        for m in rx.finditer(text):
            group = m.groupdict().get("g") or m.groupdict().get("g2")
            artifact = m.groupdict().get("a") or m.groupdict().get("a2")
            if not group or not artifact:
                continue
            if count >= MAX_PACKAGES:
                package_cap()
                break
            count += 1
            yield package_hit("maven", f"{group}:{artifact}", m.group("v") or "", _line(text, m.start()), "gradle", locked=True)
