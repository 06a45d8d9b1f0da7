"""Org-wide view: merge the JSON reports of many repositories into one dependence dashboard (JSON or HTML)."""

from __future__ import annotations

from .org import OrgCountry, OrgModel, OrgRepo, OrgView, build_org_view
from .render import ORG_RENDERERS, org_dict, org_format_for_path

__all__ = ["ORG_RENDERERS", "OrgCountry", "OrgModel", "OrgRepo", "OrgView", "build_org_view", "org_dict", "org_format_for_path"]
