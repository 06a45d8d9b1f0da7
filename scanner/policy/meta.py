"""The engine's own rules (about suppressions and the gate, not about dependencies); AIS-META-* are overridable."""

from __future__ import annotations

from ..models import Severity
from .base import Rule

BARE_IGNORE = "AIS-META-001"
EXPIRED_IGNORE = "AIS-META-002"
GATE_WEAKENED = "AIS-GATE-001"  # not overridable, never suppressed: it guards the gate against the tree

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
    Rule(
        id=GATE_WEAKENED,
        title="Gate weakened by the scanned tree",
        subject="policy",
        severity=Severity.HIGH,
        message="{setting}: {value}, set by the scanned tree, weakens the gate relative to the trusted config",
        remediation="A pull request cannot relax its own gate: remove the setting from the tree's config, or have the "
                    "owners of the trusted config (--trusted-config / the base branch) accept it there.",
        reference="docs/threat-model.md",
        source="built-in",
    ),
)

GATE_RULE: Rule = next(r for r in META_RULES if r.id == GATE_WEAKENED)
