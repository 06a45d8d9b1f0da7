"""Render the org view as JSON or as a self-contained HTML dashboard (Jinja2, autoescaped)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .org import OrgView

ORG_VERSION = "1.0"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def org_dict(view: OrgView) -> dict[str, Any]:
    def row(obj: Any) -> dict[str, Any]:
        data = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        return {k: (list(v) if isinstance(v, tuple) else dict(v) if isinstance(v, dict) else v) for k, v in data.items()}

    return {
        "org_version": ORG_VERSION,
        "totals": dict(view.totals),
        "repos": [row(r) for r in view.repos],
        "countries": [row(c) for c in view.countries],
        "models": [row(m) | {"countries": list(m.countries)} for m in view.models],
        "packages": [{"name": name, "repos": list(repos)} for name, repos in view.packages],
    }


def render_org_json(view: OrgView) -> str:
    return json.dumps(org_dict(view), indent=2, ensure_ascii=False) + "\n"


def render_org_html(view: OrgView) -> str:
    import jinja2  # lazily: start-up stays fast for the commands that do not need it
    from markupsafe import Markup

    from ..textsafe import reveal

    def finalize(value: object) -> object:
        """Strings from reports are shown with invisible characters made visible (numbers and markup pass)."""
        return reveal(value) if isinstance(value, str) and not isinstance(value, Markup) else value

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every string from a report is data, never markup
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    countries = [c.country for c in view.countries]
    matrix = {r.name: [r.countries.get(c, 0) for c in countries] for r in view.repos}
    return env.get_template("org.html.j2").render(view=view, countries=countries, matrix=matrix, version=ORG_VERSION)


ORG_RENDERERS: dict[str, Callable[[OrgView], str]] = {
    "json": render_org_json,
    "html": render_org_html,
}


def org_format_for_path(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".html", ".htm")):
        return "html"
    return None
