"""Schema of the registry YAML: per-section field specs, checked item by item with file, line and path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import Problem
from ..lazyre import LazyPattern
from ..records import record
from ..yamllines import line_of

ORG_KINDS = ("company", "lab", "university", "community", "individual", "nonprofit", "government")
ORG_ROLES = ("developer", "finetuner", "quantizer")
CONFIDENCE = ("high", "medium", "low")
FAMILY_KINDS = ("foundation", "product")
RELATIONS = ("finetune", "quantized", "merge", "adapter", "distillation")
PACKAGE_CATEGORIES = ("sdk", "framework", "runtime", "tooling")
ECOSYSTEMS = ("pypi", "npm", "go", "maven", "cargo", "nuget")
LICENSE_CATEGORIES = ("permissive", "copyleft", "non-commercial", "restricted", "unknown")
LICENSE_FLAGS = ("osi-approved", "attribution", "monthly-user-cap", "revenue-cap", "derivatives-allowed", "no-derivatives",
                 "share-alike", "eu-restriction", "use-restrictions", "registration-required", "naming-requirement", "research-only")
LAYOUTS = ("qkv_bias", "qk_norm", "mla", "shared_expert", "fused_qkv", "sandwich_norm")
TASKS = ("chat", "reasoning", "code", "embedding", "vision", "speech", "image-generation", "video-generation", "detection",
         "segmentation", "ocr")
MODALITIES = ("text", "text+image", "audio", "image", "video")
# What a task takes in and puts out, when an alternatives entry does not say (alternatives match on it).
TASK_MODALITY = {"chat": "text", "reasoning": "text", "code": "text", "embedding": "text", "vision": "text+image", "speech": "audio",
                 "image-generation": "image", "video-generation": "video", "detection": "image", "segmentation": "image",
                 "ocr": "image"}


@record(frozen=True, slots=True)
class Field:
    """One allowed key: its type and whether it must be present."""

    type: str  # text, country, texts, regexes, bool, number, choice, choices, mapping, spdx
    required: bool = False
    choices: tuple[str, ...] = ()
    allow_empty: bool = False  # a required list that may be empty ([] = "none")


def _f(type_: str, required: bool = False, choices: tuple[str, ...] = (), allow_empty: bool = False) -> Field:
    return Field(type_, required, choices, allow_empty)


SOURCE = _f("text", True)
SECTIONS: dict[str, dict[str, Field]] = {
    "organizations": {"namespace": _f("text", True), "aliases": _f("texts"), "github": _f("texts"), "developer": _f("text", True),
                      "country": _f("country", True), "kind": _f("choice", True, ORG_KINDS), "role": _f("choice", False, ORG_ROLES),
                      "confidence": _f("choice", False, CONFIDENCE), "source": SOURCE, "note": _f("text")},
    "families": {"family": _f("text", True), "developer": _f("text", True), "country": _f("country", True), "org": _f("text"),
                 "kind": _f("choice", False, FAMILY_KINDS), "base": _f("text"), "generic": _f("bool"),
                 "patterns": _f("regexes", True), "model_types": _f("texts"), "weak_model_types": _f("texts"),
                 "license": _f("text"), "license_by_name": _f("mapping"), "task": _f("choice", False, TASKS), "source": SOURCE},
    "ollama": {"name": _f("text", True), "org": _f("text"), "base": _f("text", True), "tags": _f("mapping"), "source": SOURCE},
    "api_providers": {"provider": _f("text", True), "aliases": _f("texts"), "developer": _f("text", True), "country": _f("country", True), "org": _f("text"),
                      "hosts": _f("texts"), "model_patterns": _f("regexes"), "host_only": _f("bool"), "source": SOURCE},
    "packages": {"name": _f("text", True), "aliases": _f("texts"), "developer": _f("text", True), "country": _f("country", True),
                 "category": _f("choice", True, PACKAGE_CATEGORIES), "ecosystem": _f("choice", False, ECOSYSTEMS), "source": SOURCE},
    "licenses": {"key": _f("text", True), "aliases": _f("texts"), "spdx": _f("spdx"), "name": _f("text", True),
                 "category": _f("choice", True, LICENSE_CATEGORIES), "flags": _f("choices", False, LICENSE_FLAGS), "url": _f("text"),
                 "source": SOURCE},
    "lineage": {"model": _f("text", True), "aliases": _f("texts"), "base": _f("text"), "relation": _f("choice", False, RELATIONS),
                "teacher": _f("text"), "developer": _f("text"), "country": _f("country"), "license": _f("text"), "source": SOURCE},
    "alternatives": {"model": _f("text", True), "task": _f("choice", True, TASKS), "modality": _f("choice", False, MODALITIES),
                     "params_b": _f("number", True), "license": _f("text", True), "source": SOURCE},
    "model_sizes": {"pattern": _f("regexes", True), "params_b": _f("number", True), "source": SOURCE},
    "signatures": {"id": _f("text", True), "family": _f("text", True), "base": _f("text"), "label": _f("text"),
                   "model_types": _f("texts"), "weak_types": _f("texts"), "vocab_sizes": _f("ints"), "tokens": _f("texts"),
                   "bos": _f("int"), "eos": _f("ints"), "gguf_pre": _f("texts"), "tokenizer_classes": _f("texts"),
                   "rope_theta": _f("ints"), "layout": _f("choices", False, LAYOUTS), "source": SOURCE},
    "region_groups": {"countries": _f("texts", True), "aliases": _f("texts"), "source": SOURCE},
    "countries_of_concern": {"countries": _f("texts", True, allow_empty=True), "vendors": _f("texts"), "note": _f("text"), "source": SOURCE},
}
TAG_FIELDS = {"base": _f("text"), "org": _f("text"), "model": _f("text"), "relation": _f("choice", False, RELATIONS)}
TOP_LEVEL = frozenset({"knowledge_date", "countries", "models", *SECTIONS})
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Checker:
    """Validates items against a section spec and collects problems (never stops at the first)."""

    def __init__(self, source: str, countries: Mapping[str, str], *, require_source: bool = True, lazy: bool = False) -> None:
        self.source = source
        # The bundled registry (package data, like the code): its items are not checked again on every scan and its
        # regexes are compiled on first use; tests/resolve/test_lazy_registry.py checks the bundled files with every
        # check on and that both ways build the same Registry. Overlays and config additions are always checked.
        self.lazy = lazy
        self.countries = countries
        self.require_source = require_source
        self.problems: list[Problem] = []

    def problem(self, node: Any, key: str | None, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, line_of(node, key), where, message))

    def item(self, item: Any, spec: Mapping[str, Field], where: str) -> dict[str, Any] | None:
        """The item as a plain dict when every field is valid, else None (problems recorded)."""
        if self.lazy and isinstance(item, Mapping):
            return dict(item)
        if not isinstance(item, Mapping):
            self.problem(item, None, where, "must be a mapping")
            return None
        before = len(self.problems)
        for key in item:
            if key not in spec:
                self.problem(item, key, f"{where}.{key}", f"unknown key (allowed: {', '.join(spec)})")
        for key, fld in spec.items():
            value = item.get(key)
            if value is None or value == "" or (value == [] and not fld.allow_empty):
                if fld.required and (key != "source" or self.require_source):
                    self.problem(item, None, f"{where}", f"missing {key}")
                continue
            self.value(item, key, value, fld, f"{where}.{key}")
        return dict(item) if len(self.problems) == before else None

    def value(self, node: Any, key: str, value: Any, fld: Field, where: str) -> None:
        kind = fld.type
        if kind in ("text", "spdx") and not isinstance(value, str):
            self.problem(node, key, where, f"must be text, got {type(value).__name__}")
        elif kind == "country":
            self.country(node, key, value, where)
        elif kind in ("texts", "regexes", "choices"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.problem(node, key, where, "must be a list of text (quote NO, ON, YES: YAML reads them as booleans)")
            elif kind == "regexes":
                for text in value:
                    self.regex(node, key, text, where)
            elif kind == "choices":
                for text in value:
                    if text not in fld.choices:
                        self.problem(node, key, where, f"unknown value {text!r} (allowed: {', '.join(fld.choices)})")
        elif kind == "choice" and value not in fld.choices:
            self.problem(node, key, where, f"unknown value {value!r} (allowed: {', '.join(fld.choices)})")
        elif kind == "bool" and not isinstance(value, bool):
            self.problem(node, key, where, "must be true or false")
        elif kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
            self.problem(node, key, where, "must be a positive number")
        elif kind == "int" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            self.problem(node, key, where, "must be a non-negative integer")
        elif kind == "ints" and (not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)):
            self.problem(node, key, where, "must be a list of non-negative integers")
        elif kind == "mapping" and not isinstance(value, Mapping):
            self.problem(node, key, where, "must be a mapping")
        if kind == "spdx" and isinstance(value, str) and not self.lazy:
            self.spdx(node, key, value, where)

    def country(self, node: Any, key: str, value: Any, where: str) -> bool:
        if not isinstance(value, str):
            hint = " (quote NO: YAML reads it as false)" if isinstance(value, bool) else ""
            self.problem(node, key, where, f"country must be an ISO 3166-1 alpha-2 code{hint}")
            return False
        if value.upper() not in self.countries:
            self.problem(node, key, where, f"unknown country code {value!r} (ISO 3166-1 alpha-2, or XX for not stated)")
            return False
        return True

    def regex(self, node: Any, key: str, text: str, where: str) -> LazyPattern | None:
        """The case-insensitive pattern; compiled now (a bad one is a problem) unless this is the bundled registry."""
        if self.lazy:
            return LazyPattern(text, re.I, prefilter=True)
        try:
            return LazyPattern(text, re.I, re.compile(text, re.I), prefilter=True)
        except re.error as exc:
            self.problem(node, key, where, f"bad regex {text!r}: {exc}")
            return None

    def spdx(self, node: Any, key: str, value: str, where: str) -> None:
        from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

        try:
            canonical = canonicalize_license_expression(value)
        except InvalidLicenseExpression as exc:
            self.problem(node, key, where, f"not an SPDX license expression: {exc}")
            return
        if canonical != value:
            self.problem(node, key, where, f"write the canonical SPDX form {canonical!r}")

    def tags(self, node: Any, tags: Mapping[str, Any], where: str) -> list[tuple[LazyPattern, dict[str, Any]]]:
        out = []
        for pattern, spec in tags.items():
            compiled = self.regex(tags, pattern, str(pattern), f"{where}.tags")
            checked = self.item(spec, TAG_FIELDS, f"{where}.tags[{pattern!r}]")
            if compiled is not None and checked is not None:
                out.append((compiled, checked))
        return out
