"""Path globs for rules and ignore entries: the project's one dialect (gitwildmatch, ``scanner.pathglob``)."""

from __future__ import annotations

from ..pathglob import any_match, path_matches

__all__ = ["any_match", "path_matches"]
