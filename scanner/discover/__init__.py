"""Discovery stage: walk the project and collect References from every detector that wants each file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Detector, SourceFile

if TYPE_CHECKING:
    DETECTORS: tuple[Detector, ...]


def _registry() -> tuple[Detector, ...]:
    """The detector registry; built on first use so that a fully cached scan never imports (and compiles) them."""
    from .configs import ConfigDetector
    from .deps import DependencyFilesDetector
    from .hcl import HclDetector
    from .infra import DockerfileDetector, MakefileDetector, ShellScriptDetector
    from .manifests.cargo import CargoDetector
    from .manifests.golang import GoModDetector
    from .manifests.jvm import JvmDetector
    from .manifests.npm import NpmDetector
    from .manifests.nuget import NugetDetector
    from .markdown import MarkdownDetector
    from .modelfile import ModelfileDetector
    from .polyglot.detector import PolyglotDetector
    from .python.detector import PythonDetector
    from .python.notebooks import NotebookDetector
    from .requirements import PyprojectDetector, RequirementsDetector

    return (
        RequirementsDetector(),
        PyprojectDetector(),
        DependencyFilesDetector(),
        NpmDetector(),
        GoModDetector(),
        JvmDetector(),
        CargoDetector(),
        NugetDetector(),
        PythonDetector(),
        PolyglotDetector(),
        NotebookDetector(),
        ConfigDetector(),
        DockerfileDetector(),
        ShellScriptDetector(),
        MakefileDetector(),
        ModelfileDetector(),
        HclDetector(),
        MarkdownDetector(),
    )


def __getattr__(name: str) -> Any:
    if name == "DETECTORS":
        detectors = _registry()
        globals()["DETECTORS"] = detectors
        return detectors
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DETECTORS", "Detector", "SourceFile"]
