"""The inspection seam: an Inspector reads a model file's header/opcodes (never loads it) into a ModelFile."""

from __future__ import annotations

from typing import BinaryIO, Protocol

from ..models import ModelFile

HEAD_BYTES = 4096  # how much of each candidate file is read to sniff its format


class Inspector(Protocol):
    """One file format. ``sniff`` decides from the first bytes; ``inspect`` does bounded reads only."""

    format: str

    def sniff(self, head: bytes, name: str) -> bool:
        ...

    def inspect(self, handle: BinaryIO, *, path: str, size: int) -> ModelFile:
        ...
