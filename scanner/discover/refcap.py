"""A bound on the references one file may add to a scan.

A 440 KB file of f-strings over two-valued names gave 256,000 references (each call, every combination), and every
one of them flows into resolution, policy and the report. Real files stay below both limits (measured on 10 real
repositories: at most 1,238 references in one file, LLaMA-Factory's catalogue; at most 71 places of one model in one
file, a vercel/ai test). Places past ``MAX_SAME`` of the same model, with the same flags, add nothing to what the
project depends on and are dropped; a file past ``MAX_FILE`` references is not fully analysed, and says so (a
``reference-cap`` gap: coverage lists it)."""

from __future__ import annotations

from ..models import Reference

MAX_FILE = 20_000
MAX_SAME = 128

_Key = tuple[object, ...]


class ReferenceCap:
    """Counts the references of one file; ``keep`` says whether the next one is recorded."""

    __slots__ = ("dropped", "kept", "repeats", "same")

    def __init__(self) -> None:
        self.kept = 0
        self.dropped = 0  # past MAX_FILE: the file is not fully listed
        self.repeats = 0  # past MAX_SAME places of one model with the same flags: nothing new
        self.same: dict[_Key, int] = {}

    def keep(self, ref: Reference) -> bool:
        key = (ref.kind, ref.identifier, ref.trust_remote_code, ref.revision, ref.provider, ref.specifier, ref.context,
               ref.confidence)
        seen = self.same.get(key, 0)
        if seen >= MAX_SAME:
            self.repeats += 1
            return False
        if self.kept >= MAX_FILE:
            self.dropped += 1
            return False
        self.same[key] = seen + 1
        self.kept += 1
        return True

    def gap(self) -> tuple[str, str] | None:
        """The coverage gap when references were dropped past MAX_FILE, else None."""
        if not self.dropped:
            return None
        return ("reference-cap", f"{self.dropped} references past the first {MAX_FILE:,} were not kept"
                + (f" ({self.repeats} more places of models already listed {MAX_SAME} times)" if self.repeats else ""))
