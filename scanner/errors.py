"""Exceptions that stop a run (exit code 2); expected failures are ScanError records instead."""

from __future__ import annotations

from .records import record


class AiscanError(Exception):
    """Base of every error aiscan raises on purpose; the CLI turns it into a one-line message and exit code 2."""


class UsageError(AiscanError):
    """Bad command-line input, e.g. a path that does not exist."""


@record(frozen=True, slots=True)
class Problem:
    """One validation problem, located in its input file."""

    file: str
    line: int | None
    where: str  # a path into the input, e.g. "rules[2].when" or "rule AIS-ORIGIN-001"
    message: str

    def __str__(self) -> str:
        loc = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{loc}: {self.where}: {self.message}" if self.where else f"{loc}: {self.message}"


class ValidationError(AiscanError):
    """A config, policy or registry file failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(ValidationError):
    """Invalid .aiscan.yaml / [tool.aiscan]."""


class PolicyError(ValidationError):
    """Invalid policy file."""


class RegistryError(ValidationError):
    """Invalid bundled or user registry data."""
