"""Policy stage: YAML rules compiled at load, evaluated against resolved records into Findings."""

from __future__ import annotations

from .base import Policy, Rule
from .evaluate import evaluate
from .loader import builtin_packs, load_policy

__all__ = ["Policy", "Rule", "builtin_packs", "evaluate", "load_policy"]
