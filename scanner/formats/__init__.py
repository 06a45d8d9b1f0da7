"""Inspection stage: sniff a file's format by magic bytes and inspect it at header/opcode level."""

from __future__ import annotations

from pathlib import Path

from ..models import FileIssue, ModelFile, Severity
from .base import HEAD_BYTES, Inspector

INSPECTORS: tuple[Inspector, ...] = ()


def inspect_path(abspath: Path, relpath: str, size: int) -> ModelFile | None:
    """Inspect one file if some inspector recognises it; a crash in an inspector becomes an 'error' verdict."""
    try:
        with open(abspath, "rb") as handle:
            head = handle.read(HEAD_BYTES)
            for inspector in INSPECTORS:
                if inspector.sniff(head, relpath):
                    handle.seek(0)
                    try:
                        return inspector.inspect(handle, path=relpath, size=size)
                    except Exception as exc:  # noqa: BLE001 - one bad file never stops the scan
                        issue = FileIssue(code="inspect-error", severity=Severity.MEDIUM, message=f"could not inspect: {exc.__class__.__name__}: {exc}")
                        return ModelFile(path=relpath, format=inspector.format, size=size, verdict="error", issues=(issue,))
    except OSError as exc:
        issue = FileIssue(code="unreadable", severity=Severity.LOW, message=str(exc))
        return ModelFile(path=relpath, format="unknown", size=size, verdict="error", issues=(issue,))
    return None


__all__ = ["INSPECTORS", "Inspector", "inspect_path"]
