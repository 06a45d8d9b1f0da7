"""Recognise aiscan's own reports (JSON, SARIF, CycloneDX) left in a tree, so they are skipped, not read as config."""

from __future__ import annotations

import re

HEAD = 4096  # the markers sit in the first lines of every format aiscan writes
_KINDS = (
    ("JSON report", re.compile(rb'"schema_version"\s*:'), re.compile(rb'"tool"\s*:\s*\{\s*"name"\s*:\s*"aiscan"')),
    ("SARIF report", re.compile(rb'"version"\s*:\s*"2\.1\.0"'), re.compile(rb'"driver"\s*:\s*\{\s*"name"\s*:\s*"aiscan"')),
    ("CycloneDX report", re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"'),
     re.compile(rb'"tools"\s*:\s*\{\s*"components"\s*:\s*\[\s*\{[^{}]{0,200}"name"\s*:\s*"aiscan"')),
)


def own_report(relpath: str, data: bytes) -> str | None:
    """Which of aiscan's report formats ``data`` is (``"SARIF report"``...), or None for any other file."""
    if not relpath.lower().endswith((".json", ".sarif")):
        return None
    head = data[:HEAD]
    for label, first, second in _KINDS:
        if first.search(head) and second.search(head):
            return label
    return None
