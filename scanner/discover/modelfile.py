"""Ollama Modelfiles: ``FROM`` a library tag or a local GGUF file, ``ADAPTER`` files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..models import Reference, RefKind
from .base import Hit, SourceFile, hit_reference
from .classify import classify
from .ids import local_model_path
from .lines import text_lines


class ModelfileDetector:
    """``Modelfile``, ``Modelfile.*`` and ``*.modelfile``."""

    name = "modelfile"

    def wants(self, src: SourceFile) -> bool:
        name = src.name.lower()
        return name == "modelfile" or name.startswith("modelfile.") or name.endswith(".modelfile")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        return [hit_reference(src, h, self.name) for h in modelfile_hits(src.text)]


def modelfile_hits(text: str) -> Iterator[Hit]:
    for number, raw in enumerate(text_lines(text), start=1):
        line = raw.strip()
        keyword, _, value = line.partition(" ")
        keyword, value = keyword.upper(), value.strip().strip("'\"")
        if keyword not in ("FROM", "ADAPTER") or not value:
            continue
        path = local_model_path(value)
        if path is not None or keyword == "ADAPTER":
            yield Hit(kind=RefKind.MODEL_FILE, identifier=path or value, line=number, via=keyword.lower(), evidence=line)
            continue
        found = classify(value, "ollama")
        if found is not None:
            yield Hit(kind=found.kind, identifier=found.identifier, line=number, via="from", evidence=line)
