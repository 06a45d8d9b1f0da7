"""Discovery stage: walk the project and collect References from every detector that wants each file."""

from __future__ import annotations

from .base import Detector, SourceFile
from .python_ast import PythonDetector
from .requirements import PyprojectDetector, RequirementsDetector

DETECTORS: tuple[Detector, ...] = (
    RequirementsDetector(),
    PyprojectDetector(),
    PythonDetector(),
)

__all__ = ["DETECTORS", "Detector", "SourceFile"]
