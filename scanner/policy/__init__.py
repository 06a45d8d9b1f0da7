"""Policy stage: YAML rules compiled at load, evaluated against resolved records into Findings, then suppressions."""

from __future__ import annotations

from .base import IgnoreEntry, Policy, Rule
from .baseline import read_baseline, write_baseline
from .evaluate import evaluate
from .loader import builtin_packs, load_policy
from .suppress import apply_suppressions

__all__ = ["IgnoreEntry", "Policy", "Rule", "apply_suppressions", "builtin_packs", "evaluate", "load_policy", "read_baseline", "write_baseline"]
