"""Where the bundled rules and registry live, installed (package data ``scanner.rules``) or in a source tree."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

SHIPPED_REGISTRY = "parsed.json"  # rules/registry/*.yaml parsed at build time (parsecache.write_shipped)
SHIPPED_POLICIES = "parsed_policies.json"  # rules/*.yaml (the built-in packs) parsed with lines (write_shipped_lines)


@functools.cache
def rules_dir() -> Path:
    """Directory holding the built-in policy packs and ``registry/``."""
    here = Path(__file__).resolve().parent
    if (here / "rules" / "registry").is_dir():  # installed as files: the directory importlib.resources would name
        return here / "rules"
    if not (here / "rules").exists() and (here.parent / "rules" / "registry").is_dir():
        return here.parent / "rules"  # a source checkout (also what an editable install maps scanner.rules to)
    try:
        from importlib.resources import files

        candidate = Path(str(files("scanner.rules")))
        if candidate.is_dir():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    # Running from a source checkout: rules/ sits beside the scanner/ package.
    return Path(__file__).resolve().parent.parent / "rules"


def registry_dir() -> Path:
    """Directory of the bundled knowledge base (``rules/registry``)."""
    return rules_dir() / "registry"


def load_registry_yaml(name: str) -> Any:
    """One bundled registry file (read-only: callers must not change it): from the shipped parsed copy while it
    holds this file's exact bytes (no PyYAML import in the detectors, in every pool worker and hook run), else
    parsed by libyaml's C parser when PyYAML has it (same safe constructors as ``yaml.safe_load``; the pure-Python
    parser took ~0.5 s of CPU on organizations.yaml)."""
    shipped = _shipped().get(name)
    if shipped is not None:
        from .parsecache import digest_file

        try:
            if digest_file(registry_dir() / name) == shipped[0]:
                return shipped[1]
        except OSError:
            pass
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((registry_dir() / name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a SafeLoader


@functools.cache
def _shipped() -> dict[str, tuple[str, Any]]:
    """File name -> (SHA-256, document) of the shipped parsed registry, read once per process."""
    from .parsecache import read_shipped

    return read_shipped(registry_dir() / SHIPPED_REGISTRY)
