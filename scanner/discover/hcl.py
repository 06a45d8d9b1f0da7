"""Model ids in Terraform/HCL (``.tf``, ``.tfvars``, ``.hcl``): model-named attributes and variables, ``model {}`` blocks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..models import Reference
from .base import Hit, SourceFile, hit_reference
from .classify import classify
from .lines import text_lines
from .names import is_model_name
from .providers import hint_for_name

_BLOCK = re.compile(r'^(?P<type>[A-Za-z_][\w-]*)(?P<labels>(?:\s+"[^"]*")*)\s*(?:=\s*)?\{\s*$')
_ASSIGN = re.compile(r'^(?P<key>[A-Za-z_][\w-]*)\s*=\s*"(?P<value>[^"$%]*)"\s*(?:[#/].*)?$')
_LABEL = re.compile(r'"([^"]*)"')
# Resource types whose nested ``model { name = ... }`` (or model attributes) name a hosted model of one provider.
_RESOURCE_PROVIDERS = (("azurerm_cognitive", "azure"), ("azurerm_ai", "azure"), ("aws_bedrock", "bedrock"),
                       ("awscc_bedrock", "bedrock"), ("google_vertex_ai", "google"))


class HclDetector:
    """Terraform and other HCL files."""

    name = "hcl"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix in (".tf", ".tfvars", ".hcl")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        if b"model" not in src.data.lower():
            return ()
        return [hit_reference(src, h, self.name) for h in hcl_hits(src.text)]


def hcl_hits(text: str) -> Iterator[Hit]:
    """Hits of one HCL document, read line by line with a stack of open blocks (type, first label)."""
    stack: list[tuple[str, str]] = []
    for number, raw in enumerate(text_lines(text), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "//")):
            continue
        block = _BLOCK.match(line)
        if block:
            labels = _LABEL.findall(block.group("labels"))
            stack.append((block.group("type"), labels[0] if labels else ""))
            continue
        if line.startswith("}"):
            if stack:
                stack.pop()
            continue
        assign = _ASSIGN.match(line)
        if assign:
            yield from _assignment(assign.group("key"), assign.group("value"), stack, number, line)


def _assignment(key: str, value: str, stack: list[tuple[str, str]], number: int, evidence: str) -> Iterator[Hit]:
    provider = next((p for kind, label in stack if kind == "resource" for prefix, p in _RESOURCE_PROVIDERS
                     if label.startswith(prefix)), None)
    if "foundation-model/" in value:  # arn:aws:bedrock:<region>::foundation-model/<model id>
        value, provider = value.rsplit("/", 1)[-1], "bedrock"
    innermost = stack[-1] if stack else ("", "")
    if innermost[0] == "variable" and key == "default" and is_model_name(innermost[1]):
        name = innermost[1]
    elif innermost[0] == "model" and key == "name" or is_model_name(key):
        name = key
    else:
        return
    if provider is not None:
        found = classify(value, "api", provider, explicit=True)
    else:
        hint, named = hint_for_name(name)
        found = classify(value, hint, named)
    if found is not None:
        yield Hit(kind=found.kind, identifier=found.identifier, line=number, via=f"hcl:{name}", evidence=evidence,
                  provider=found.provider, revision=found.revision, confidence="medium")
