"""Typed records of the knowledge base: one frozen dataclass per registry section."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..records import record

if TYPE_CHECKING:
    from ..lazyre import LazyPattern

UNKNOWN_COUNTRY = "XX"  # ISO user-assigned code we use for "location not stated"


GITHUB = "github:"  # key prefix of GitHub owners in Registry.orgs (no Hub namespace holds a colon)


@record(frozen=True, slots=True)
class OrgEntry:
    namespace: str
    developer: str
    country: str
    kind: str = "company"
    source: str = ""
    role: str = "developer"  # developer, finetuner, quantizer
    confidence: str = "high"
    aliases: tuple[str, ...] = ()
    origin_source: str = "registry"  # registry or user-config
    github: tuple[str, ...] = ()  # GitHub owners that are this organisation (torch.hub): never inferred from Hub names

    @property
    def known_country(self) -> str | None:
        return None if self.country == UNKNOWN_COUNTRY else self.country


@record(frozen=True, slots=True)
class FamilyEntry:
    family: str
    developer: str
    country: str
    patterns: tuple[LazyPattern, ...]
    model_types: tuple[str, ...] = ()
    license: str | None = None
    org: str | None = None
    kind: str = "foundation"  # foundation or product
    base: str | None = None  # family a product line is built on, when fixed
    generic: bool = False
    weak_model_types: tuple[str, ...] = ()
    license_by_name: tuple[tuple[LazyPattern, str], ...] = ()
    task: str = "chat"
    source: str = ""
    origin_source: str = "registry"


@record(frozen=True, slots=True)
class Signature:
    """What a family's own files say (signatures.yaml): matched by resolve/fingerprint.py."""

    id: str
    family: str
    base: str | None = None
    label: str = ""
    model_types: frozenset[str] = frozenset()
    weak_types: frozenset[str] = frozenset()
    vocab_sizes: tuple[int, ...] = ()
    tokens: tuple[str, ...] = ()
    bos: int | None = None
    eos: tuple[int, ...] = ()
    gguf_pre: frozenset[str] = frozenset()
    tokenizer_classes: frozenset[str] = frozenset()
    rope_theta: tuple[int, ...] = ()
    layout: frozenset[str] = frozenset()
    source: str = ""
    origin_source: str = "registry"


@record(frozen=True, slots=True)
class OllamaTag:
    pattern: LazyPattern
    base: str | None = None
    org: str | None = None
    model: str | None = None
    relation: str | None = None


@record(frozen=True, slots=True)
class OllamaEntry:
    name: str
    base: str
    org: str | None = None
    tags: tuple[OllamaTag, ...] = ()
    source: str = ""
    origin_source: str = "registry"

    def tag_for(self, tag: str) -> OllamaTag | None:
        return next((t for t in self.tags if t.pattern.fullmatch(tag)), None)


@record(frozen=True, slots=True)
class ApiProvider:
    provider: str
    developer: str
    country: str
    model_patterns: tuple[LazyPattern, ...] = ()
    hosts: tuple[str, ...] = ()
    host_only: bool = False  # a host (OpenRouter, Bedrock...) whose model names carry the real developer
    org: str | None = None
    source: str = ""
    origin_source: str = "registry"
    aliases: tuple[str, ...] = ()


@record(frozen=True, slots=True)
class PackageEntry:
    name: str
    developer: str
    country: str
    category: str = "sdk"
    source: str = ""


@record(frozen=True, slots=True)
class LicenseEntry:
    key: str
    spdx: str | None
    name: str
    category: str
    url: str | None = None
    flags: tuple[str, ...] = ()
    source: str = ""


@record(frozen=True, slots=True)
class LineageEntry:
    """Explicit facts about one model: its upstream (and relation), or its developer, or both."""

    model: str
    base: str | None = None
    relation: str = "finetune"
    teacher: str | None = None
    developer: str | None = None
    country: str | None = None
    license: str | None = None
    source: str = ""
    origin_source: str = "registry"


@record(frozen=True, slots=True)
class Alternative:
    model: str
    task: str
    params_b: float
    license: str
    source: str = ""
    modality: str = "text"


@record(frozen=True, slots=True)
class ModelSize:
    """Parameters (billions) of models whose names do not say (``deepseek-chat``, ``Kimi-K2-Instruct``)."""

    patterns: tuple[LazyPattern, ...]
    params_b: float
    source: str = ""


@record(frozen=True, slots=True)
class RegionGroup:
    name: str
    countries: tuple[str, ...]
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
