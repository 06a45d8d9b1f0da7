"""Hub namespaces the bundled registry knows as model publishers (a Hub id under one of them is a model, not a GitHub repo)."""

from __future__ import annotations

import functools


@functools.cache
def known_orgs() -> frozenset[str]:
    """Lower-cased namespaces and aliases of rules/registry/organizations.yaml (read once; empty if unreadable)."""
    try:
        from ..data import load_registry_yaml

        data = load_registry_yaml("organizations.yaml")
    except Exception:  # noqa: BLE001 - a broken registry file must not break discovery
        return frozenset()
    out: set[str] = set()
    for entry in (data or {}).get("organizations", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict):
            for name in [entry.get("namespace"), *(entry.get("aliases") or [])]:
                if isinstance(name, str):
                    out.add(name.lower())
    return frozenset(out)


def known_org(repo: str) -> bool:
    return repo.split("/", 1)[0].lower() in known_orgs()
