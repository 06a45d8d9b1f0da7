"""Compare saved reports (pull-request gating): load and check a report file, diff two, render the diff."""

from __future__ import annotations

from .diff import Change, ReportDiff, Section, diff_reports
from .render import DIFF_RENDERERS
from .reportfile import ReportFileError, load_report

__all__ = ["DIFF_RENDERERS", "Change", "ReportDiff", "ReportFileError", "Section", "diff_reports", "load_report"]
