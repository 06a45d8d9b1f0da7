"""Discovery stage: walk the project and collect References from every detector that wants each file."""

from __future__ import annotations

from .base import Detector, SourceFile
from .configs import ConfigDetector
from .deps import DependencyFilesDetector
from .hcl import HclDetector
from .infra import DockerfileDetector, MakefileDetector, ShellScriptDetector
from .markdown import MarkdownDetector
from .modelfile import ModelfileDetector
from .notebooks import NotebookDetector
from .python_ast import PythonDetector
from .requirements import PyprojectDetector, RequirementsDetector

DETECTORS: tuple[Detector, ...] = (
    RequirementsDetector(),
    PyprojectDetector(),
    DependencyFilesDetector(),
    PythonDetector(),
    NotebookDetector(),
    ConfigDetector(),
    DockerfileDetector(),
    ShellScriptDetector(),
    MakefileDetector(),
    ModelfileDetector(),
    HclDetector(),
    MarkdownDetector(),
)

__all__ = ["DETECTORS", "Detector", "SourceFile"]
