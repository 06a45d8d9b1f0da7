"""Policy records: a compiled Rule with its condition tree, and the Policy (rules + overrides + ignores)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import Severity

SUBJECTS = ("model", "package", "file", "reference")

# A compiled condition: takes the subject's dict (the JSON report shape) and answers whether it matches.
Condition = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    id: str
    title: str
    subject: str
    severity: Severity
    when: Condition
    message: str
    remediation: str = ""
    reference: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()  # contexts the rule applies to; empty = all but docs
    enabled: bool = True
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    rules: tuple[Rule, ...]
    ignores: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[str, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)
