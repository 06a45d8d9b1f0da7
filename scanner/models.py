"""Records shared between the stages: the only vocabulary discover, resolve, evaluate and report have in common."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from .records import record


class Severity(enum.IntEnum):
    """Finding severity; ordered so that thresholds compare with ``>=``."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected one of: {', '.join(s.label for s in cls)})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class RefKind(str, enum.Enum):
    """What a reference points at."""

    HF_MODEL = "hf-model"
    HF_DATASET = "hf-dataset"
    MODELSCOPE_MODEL = "modelscope-model"
    OLLAMA = "ollama"
    API_MODEL = "api-model"
    MODEL_FILE = "model-file"
    TORCH_HUB = "torch-hub"  # a GitHub repository torch.hub imports hubconf.py from (owner/repo; revision = its :ref)
    MODEL_SLOT = "model-slot"
    PACKAGE = "package"
    MENTION = "mention"

    def __str__(self) -> str:
        return self.value


class Context(str, enum.Enum):
    """Where a reference sits; the policy may treat contexts differently."""

    CODE = "code"
    CONFIG = "config"
    INFRA = "infra"
    NOTEBOOK = "notebook"
    TEST = "test"
    DOCS = "docs"
    CATALOG = "catalog"  # a registry, menu or support table: what the project can load on request

    def __str__(self) -> str:
        return self.value


@record(frozen=True, slots=True, kw_only=True, order=True)
class Location:
    """A place in the scanned project; ``path`` is POSIX and relative to the scanned root."""

    path: str
    line: int | None = None
    column: int | None = None
    cell: int | None = None

    def __str__(self) -> str:
        text = self.path
        if self.cell is not None:
            text += f"[cell {self.cell}]"
        if self.line is not None:
            text += f":{self.line}"
        return text


@record(frozen=True, slots=True, kw_only=True)
class Reference:
    """One place where the project names a model, dataset, API model, model file or AI package."""

    kind: RefKind
    identifier: str
    location: Location
    detector: str
    evidence: str = ""
    context: Context = Context.CODE
    revision: str | None = None
    provider: str | None = None
    specifier: str | None = None
    confidence: str = "high"
    trust_remote_code: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """Identity of the thing referenced (several references may name the same model)."""
        return (self.kind.value, self.identifier)


@record(frozen=True, slots=True, kw_only=True)
class Origin:
    """Who developed a model and where (country: ISO 3166-1 alpha-2)."""

    developer: str | None = None
    country: str | None = None
    source: str = "unknown"  # registry, hub, card, file-metadata, name-inference, fingerprint, user-config, unknown
    confidence: str = "low"  # high, medium, low

    @property
    def known(self) -> bool:
        return self.country is not None


UNKNOWN_ORIGIN = Origin()


@record(frozen=True, slots=True, kw_only=True)
class License:
    """A model or package license: raw tag as published, SPDX id where one exists, and a category."""

    raw: str | None = None
    spdx: str | None = None
    name: str | None = None
    category: str = "unknown"  # permissive, copyleft, non-commercial, restricted, unknown
    url: str | None = None
    flags: tuple[str, ...] = ()


UNKNOWN_LICENSE = License()


@record(frozen=True, slots=True, kw_only=True)
class LineageHop:
    """One step up a model's ancestry: ``child`` is derived from ``parent`` by ``relation``."""

    child: str
    parent: str
    relation: str  # finetune, adapter, quantized, merge, distillation, unknown
    source: str
    origin: Origin = UNKNOWN_ORIGIN


@record(frozen=True, slots=True, kw_only=True)
class FileIssue:
    """Something wrong or dangerous inside a model file."""

    code: str  # e.g. pickle-dangerous-import, safetensors-bad-offsets
    severity: Severity
    message: str
    detail: str = ""


@record(frozen=True, slots=True, kw_only=True)
class ModelFile:
    """A model file inspected at header/opcode level; never loaded."""

    path: str
    format: str  # safetensors, pickle, pytorch-zip, gguf, onnx, keras, h5, numpy, joblib, zip, tar, unknown
    size: int
    verdict: str = "safe"  # safe, suspicious, unsafe, error, not-inspected
    sha256: str | None = None
    can_execute_code: bool = False
    issues: tuple[FileIssue, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)


@record(frozen=True, slots=True, kw_only=True)
class Model:
    """A resolved model: origin, base-model origin, lineage, license and formats."""

    id: str
    kind: RefKind
    origin: Origin = UNKNOWN_ORIGIN
    base: Origin = UNKNOWN_ORIGIN
    base_model: str | None = None
    family: str | None = None
    provider: str | None = None
    lineage: tuple[LineageHop, ...] = ()
    license: License = UNKNOWN_LICENSE
    formats: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    gated: bool | None = None
    remote_code: bool = False
    revision: str | None = None
    pinned: bool = False
    references: tuple[Reference, ...] = ()
    unresolved_reason: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def locations(self) -> tuple[Location, ...]:
        return tuple(sorted({r.location for r in self.references}))


@record(frozen=True, slots=True, kw_only=True)
class Package:
    """An AI-related Python package the project depends on."""

    name: str
    specifier: str = ""
    pinned: bool = False
    version: str | None = None
    location: Location
    developer: str | None = None
    country: str | None = None
    category: str | None = None  # sdk, framework, runtime
    ai_related: bool = True
    references: tuple[Reference, ...] = ()


@record(frozen=True, slots=True, kw_only=True)
class Finding:
    """A policy violation about one subject (model id, package name, file path or reference)."""

    rule_id: str
    severity: Severity
    title: str
    message: str
    subject: str
    subject_kind: str  # model, package, file, reference
    locations: tuple[Location, ...] = ()
    fingerprint: str = ""
    remediation: str = ""
    suppressed_by: str | None = None
    context: str | None = None


@record(frozen=True, slots=True, kw_only=True)
class ScanError:
    """Expected failure recorded as data: an unreadable file, an unresolvable model, an unreachable Hub."""

    stage: str  # discover, inspect, resolve, policy, config
    message: str
    path: str | None = None
    subject: str | None = None


@record(frozen=True, slots=True, kw_only=True)
class GateChange:
    """A setting that weakens the gate (exit_zero, a higher fail_on, an ignore, an exclude...), with where it came from.

    ``origin`` is "tree" (a file in the scanned tree) or "command-line" (a config or policy named on the command
    line); ``blocking`` is true when it weakens the gate relative to --trusted-config (then an AIS-GATE-001 finding).
    """

    setting: str
    value: str
    source: str
    line: int | None = None
    origin: str = "tree"
    blocking: bool = False
    applied: bool = True  # False: reported but not applied (e.g. exit_zero from the tree under --trusted-config)

    @property
    def key(self) -> str:
        """Identity across scans (aiscan diff): the setting and its value, not where it was written."""
        return f"{self.setting}={self.value}"


@record(frozen=True, slots=True, kw_only=True)
class SkippedFolder:
    """A folder the walk left out, why, and how much of it the bounded second pass still inspected."""

    path: str
    reason: str
    files: int = 0  # files seen under it
    inspected: int = 0  # of which inspected anyway (model files, trust_remote_code)


@record(frozen=True, slots=True, kw_only=True)
class FileGap:
    """A file that could not be fully analysed; ``fallback`` says whether the parser-free scan read it instead."""

    path: str
    reason: str  # syntax-error, newer-syntax, decode-error, size-cap, timeout, invalid-json, invalid-yaml, ...
    detail: str = ""
    language: str = "other"
    fallback: bool = False


@record(frozen=True, slots=True, kw_only=True)
class Coverage:
    """What the scan saw and what it could read: nothing is left out without saying so."""

    files_seen: int = 0
    analysed: Mapping[str, int] = field(default_factory=dict)  # files fully analysed, by language
    skipped_folders: tuple[SkippedFolder, ...] = ()
    not_analysed: tuple[FileGap, ...] = ()

    @property
    def fallback_scanned(self) -> tuple[str, ...]:
        return tuple(g.path for g in self.not_analysed if g.fallback)


@record(frozen=True, slots=True, kw_only=True)
class Report:
    """Everything one scan produced; reporters render it, the CLI derives the exit code from it."""

    schema_version: str
    tool_version: str
    root: str
    generated_at: str
    home: str
    policy: tuple[str, ...]
    fail_on: Severity
    references: tuple[Reference, ...] = ()
    models: tuple[Model, ...] = ()
    packages: tuple[Package, ...] = ()
    files: tuple[ModelFile, ...] = ()
    findings: tuple[Finding, ...] = ()
    errors: tuple[ScanError, ...] = ()
    knowledge_date: str | None = None
    countries_of_concern: tuple[str, ...] = ()
    trusted_countries: tuple[str, ...] = ()
    gate_changes: tuple[GateChange, ...] = ()
    notes: tuple[str, ...] = ()  # warnings about the scan itself: stale knowledge, a home without default concerns
    coverage: Coverage = field(default_factory=Coverage)
    # The scan root relative to its git top level ("" at the top or outside git): SARIF URIs are repository-relative.
    repo_prefix: str = ""

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppressed_by is None and f.severity >= self.fail_on)
