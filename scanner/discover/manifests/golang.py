"""Go modules: ``require`` directives of go.mod (single and block form)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...models import Reference
from ..base import Hit, SourceFile, hit_reference
from .common import MAX_PACKAGES, package_cap, package_hit

_REQ = re.compile(r"^(?:require\s+)?(?P<path>[A-Za-z0-9][\w.\-~/]*\.[\w.\-~/]+|[a-z][\w.\-~]*/[\w.\-~/]+)\s+(?P<v>v[\w.\-+]+)")


class GoModDetector:
    """Modules a Go module requires (direct and ``// indirect``), with their exact versions."""

    name = "gomod"

    def wants(self, src: SourceFile) -> bool:
        return src.name == "go.mod"

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        return [hit_reference(src, h, self.name) for h in go_mod_hits(src.text)]


def go_mod_hits(text: str) -> Iterator[Hit]:
    in_block = False
    count = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("//", 1)[0].strip()
        if line.startswith("require ("):
            in_block = True
            continue
        if in_block and line.startswith(")"):
            in_block = False
            continue
        if not (in_block or line.startswith("require ")):
            continue
        m = _REQ.match(line)
        if m and count >= MAX_PACKAGES:
            package_cap()
        elif m:
            count += 1
            yield package_hit("go", m.group("path"), m.group("v"), number, "go.mod", locked=True)
