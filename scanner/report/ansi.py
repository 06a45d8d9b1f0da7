"""Terminal colour: when to use it (TTY, NO_COLOR, FORCE_COLOR, TERM=dumb) and how to paint a string."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any

from ..models import Severity

STYLES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
    "bold-red": "1;31",
    "bold-green": "1;32",
    "inverse-red": "1;97;41",
}

SEVERITY_STYLE = {
    Severity.CRITICAL: "inverse-red",
    Severity.HIGH: "bold-red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def use_color(stream: IO[Any] | Any, env: Mapping[str, str] | None = None) -> bool:
    """Colour when ``stream`` is a terminal, unless NO_COLOR is set (non-empty); FORCE_COLOR forces it on.

    Follows https://no-color.org (NO_COLOR wins over everything) and the FORCE_COLOR convention (``0`` or
    ``false`` mean off); ``TERM=dumb`` turns colour off on a TTY.
    """
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force != "":
        return force.strip().lower() not in ("0", "false", "no", "off")
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def paint(text: str, style: str, enabled: bool) -> str:
    if not enabled or not text:
        return text
    return f"\x1b[{STYLES[style]}m{text}\x1b[0m"
