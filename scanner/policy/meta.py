"""The engine's own rules (about suppressions, not about dependencies); overridable like any pack rule."""

from __future__ import annotations

from ..models import Severity
from .base import Rule

BARE_IGNORE = "AIS-META-001"
EXPIRED_IGNORE = "AIS-META-002"

META_RULES: tuple[Rule, ...] = (
    Rule(
        id=BARE_IGNORE,
        title="Inline ignore without a rule id",
        subject="policy",
        severity=Severity.LOW,
        message="{path}:{line}: 'aiscan: ignore' names no rule and suppresses nothing",
        remediation="Name the rule and give a reason: '# aiscan: ignore[AIS-ORIGIN-001] approved by legal, ticket 123'.",
        reference="README.md#suppressions",
        source="built-in",
    ),
    Rule(
        id=EXPIRED_IGNORE,
        title="Expired suppression",
        subject="policy",
        severity=Severity.LOW,
        message="{where}: ignore entry for {rule} expired on {expires} and no longer suppresses ({reason})",
        remediation="Review the exception: renew it with a new 'expires' date, or fix the findings it was hiding.",
        reference="README.md#suppressions",
        source="built-in",
    ),
)
