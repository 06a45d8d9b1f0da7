"""The coverage section: files seen, analysed per language, skipped folders and files not (fully) analysed, with reasons."""

from __future__ import annotations

from collections import Counter
from dataclasses import field

from ..models import Coverage, FileGap, SkippedFolder
from ..records import record

_BY_SUFFIX = {
    ".py": "python", ".pyw": "python", ".ipynb": "notebook", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonc": "json",
    ".toml": "toml", ".ini": "ini", ".cfg": "ini", ".conf": "ini", ".env": "dotenv", ".properties": "dotenv",
    ".sh": "shell", ".bash": "shell", ".zsh": "shell", ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
    ".tf": "hcl", ".tfvars": "hcl", ".hcl": "hcl", ".txt": "requirements", ".in": "requirements", ".lock": "lock",
    ".dockerfile": "dockerfile", ".mk": "makefile",
}
_BY_NAME = {"dockerfile": "dockerfile", "containerfile": "dockerfile", "makefile": "makefile", "modelfile": "modelfile",
            "justfile": "makefile", "procfile": "shell", "pipfile": "toml"}
PYTHON_LIKE = frozenset({"python"})
# Reasons that are about the walk, not about content the scan failed to read (the coverage rule leaves them out).
WALK_REASONS = ("excluded", "symlink", "special-file", "unreadable")


def language_of(relpath: str) -> str:
    """The language a file is analysed as, by name (``python``, ``yaml``, ``notebook``... ``other``)."""
    name = relpath.rsplit("/", 1)[-1].lower()
    if name in _BY_NAME or name.startswith(("dockerfile", "containerfile")):
        return _BY_NAME.get(name, "dockerfile")
    if name.startswith(".env"):
        return "dotenv"
    dot = name.rfind(".")
    return _BY_SUFFIX.get(name[dot:], "other") if dot > 0 else "other"


def walk_reason(reason: str) -> str:
    """A reason code for something the walker did not read."""
    if reason.startswith("excluded"):
        return "excluded"
    if "symlink" in reason:
        return "symlink"
    if "not a regular file" in reason:
        return "special-file"
    return "unreadable"


@record(frozen=False, slots=True)
class CoverageBuilder:
    """Collects what the engine saw, file by file, and freezes it into a Coverage record."""

    files_seen: int = 0
    analysed: Counter[str] = field(default_factory=Counter)
    folders: list[SkippedFolder] = field(default_factory=list)
    gaps: list[FileGap] = field(default_factory=list)
    inspected_in: Counter[str] = field(default_factory=Counter)  # skipped folder -> files its second pass read

    def seen(self, language: str) -> None:
        self.files_seen += 1
        if language:
            self.analysed[language] += 1

    def folder(self, path: str, reason: str, files: int) -> None:
        self.folders.append(SkippedFolder(path=path, reason=reason, files=files))

    def gap(self, gap: FileGap) -> None:
        self.gaps.append(gap)

    def build(self) -> Coverage:
        folders = tuple(
            SkippedFolder(path=f.path, reason=f.reason, files=f.files, inspected=self.inspected_in.get(f.path, 0))
            for f in sorted(self.folders, key=lambda f: f.path)
        )
        gaps = sorted({(g.path, g.reason, g.detail): g for g in self.gaps}.values(), key=lambda g: (g.path, g.reason, g.detail))
        return Coverage(files_seen=self.files_seen, analysed=dict(sorted(self.analysed.items())), skipped_folders=folders,
                        not_analysed=tuple(gaps))
