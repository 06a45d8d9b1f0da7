"""Resolution stage: references -> models (origin, base, lineage, license) and AI packages."""

from __future__ import annotations

from .alternatives import alternatives_for
from .base import HubClient, HubLookupError, HubModelInfo
from .registry import Registry, load_registry
from .resolver import Resolver

__all__ = ["HubClient", "HubLookupError", "HubModelInfo", "Registry", "Resolver", "alternatives_for", "load_registry"]
