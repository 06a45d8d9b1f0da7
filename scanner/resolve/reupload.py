"""Re-upload names: ``org_Model`` / ``org.Model`` repo names and the convention for re-uploaded, modified weights."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..lazyre import LazyPattern
from .families import strip_quant_suffix

if TYPE_CHECKING:
    from .registry import Registry

_NAMESPACE = LazyPattern(r"^[A-Za-z0-9][A-Za-z0-9-]{1,38}$")
_SEPARATOR = LazyPattern(r"[_.]")
# Words that say the weights were changed, not just converted: the publisher of such weights is their origin.
MODIFIED = LazyPattern(r"(?<![a-z])(abliterat\w*|uncensored|lorablated|heretic|merged?|slerp|franken\w*|finetuned?|ft)(?![a-z])", re.I)
MAX_SPLITS = 4


def upstream_of(reg: Registry, name: str) -> str | None:
    """``stepfun-ai_Step-3.5-Flash-GGUF`` -> ``stepfun-ai/Step-3.5-Flash``; ``deepseek-ai.DeepSeek-V3.1-GGUF`` likewise.

    The part before the separator must be a known organisation, or (``_`` only) look like a namespace while the rest
    names a known model family and the part itself does not (``gemma_2b`` is not a re-upload of ``2b`` by ``gemma``).
    """
    stripped = strip_quant_suffix(name)
    for n, sep in enumerate(_SEPARATOR.finditer(stripped[:120])):
        if n >= MAX_SPLITS:
            break
        prefix, rest = stripped[:sep.start()], stripped[sep.end():]
        if not rest or not rest[0].isalnum() or not _NAMESPACE.match(prefix):
            continue
        if reg.org(prefix) is not None:
            return f"{prefix}/{rest}"
        if sep.group(0) == "_" and reg.match_name(prefix) is None and reg.match_name(rest) is not None and "-" in prefix:
            return f"{prefix}/{rest}"
    return None


def modified(name: str) -> str | None:
    """The word saying these weights were modified (abliterated, merged, fine-tuned ...), or None."""
    m = MODIFIED.search(name)
    return m.group(0) if m else None
