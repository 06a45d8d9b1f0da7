"""Policy records: a compiled Rule with its condition tree, ignore entries, and the Policy that holds them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import field
from typing import Any

from ..models import Severity
from ..records import record

SUBJECTS = ("model", "package", "file", "reference", "coverage")  # coverage: one file not fully analysed
CONTEXTS = ("code", "config", "infra", "notebook", "test", "docs", "catalog")
DEFAULT_CONTEXTS = ("code", "config", "infra", "notebook", "test")  # docs and catalog only when a rule asks for them

# A compiled condition: takes the subject's dict (the JSON report shape) and answers whether it matches.
Condition = Callable[[Mapping[str, Any]], bool]


def _never(data: Mapping[str, Any]) -> bool:
    return False


@record(frozen=True, slots=True, kw_only=True)
class Rule:
    """One rule: the condition describes the violation; the rest is what the finding says."""

    id: str
    title: str
    subject: str  # model, package, file, reference; "policy" for the engine's own meta rules
    severity: Severity
    when: Condition = _never
    message: str
    remediation: str = ""
    reference: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()  # contexts the rule applies to; empty = DEFAULT_CONTEXTS
    enabled: bool = True
    source: str = ""
    line: int | None = None


@record(frozen=True, slots=True, kw_only=True)
class IgnoreEntry:
    """A suppression from a policy or config file: a rule id (glob) and optional subject matchers (globs)."""

    rule: str
    reason: str
    model: str | None = None
    package: str | None = None
    file: str | None = None
    path: str | None = None
    expires: dt.date | None = None
    source: str = ""
    line: int | None = None

    @property
    def where(self) -> str:
        return self.source if self.line is None else f"{self.source}:{self.line}"

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


@record(frozen=True, slots=True, kw_only=True)
class Policy:
    """The active rules (after extends and overrides) and the ignore entries of every file and the config."""

    rules: tuple[Rule, ...]
    ignores: tuple[IgnoreEntry, ...] = ()
    sources: tuple[str, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)
    applied_overrides: tuple[Any, ...] = ()  # scanner.gate.AppliedOverride: each override with the rule before/after

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
