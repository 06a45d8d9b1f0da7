"""Where the bundled rules and registry live, installed (package data ``scanner.rules``) or in a source tree."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def rules_dir() -> Path:
    """Directory holding the built-in policy packs and ``registry/``."""
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
