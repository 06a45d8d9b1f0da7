"""Self-contained HTML report: one file, inline CSS/JS/SVG pinned by a hash-based Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from ..models import Report

TEMPLATE = "report.html.j2"


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    """Nothing from the network, no inline code but ours: style and script pinned by hash, forms and base disabled."""
    return f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; base-uri 'none'; form-action 'none'"


def _asset(name: str) -> str:
    from importlib import resources

    return resources.files("scanner.report").joinpath("templates", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2
    from markupsafe import Markup

    from .common import reveal

    def finalize(value: Any) -> Any:
        """Every printed value: markup we built passes, numbers pass, None prints empty, anything else is revealed text."""
        if isinstance(value, Markup) or isinstance(value, (int, float)):
            return value
        if value is None:
            return ""
        return reveal(str(value))

    return jinja2.Environment(
        loader=jinja2.PackageLoader("scanner.report", "templates"),
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class HtmlReporter:
    name: str = "html"
    extensions: tuple[str, ...] = (".html", ".htm")

    def render(self, report: Report) -> str:
        from markupsafe import Markup

        from .html_view import build_view

        css, js = _asset("report.css"), _asset("report.js")
        if "</" in css or "</" in js:  # pragma: no cover - guards our own assets
            raise ValueError("report assets must not contain '</'")
        view = build_view(report)
        template = _environment().get_template(TEMPLATE)
        return str(template.render(css=Markup(css), js=Markup(js), csp=content_security_policy(css, js), **view))  # noqa: S704 - our own assets
