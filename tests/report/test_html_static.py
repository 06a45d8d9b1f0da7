"""HTML report without a browser: self-contained, CSP hashes match, hostile strings escaped, sections present."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from html.parser import HTMLParser

from scanner.models import Report
from scanner.report import REPORTERS
from scanner.report.html_view import Countries, lineage

from . import rich


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    return c


def render(report: Report) -> str:
    return REPORTERS["html"].render(report)


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_pins_the_only_inline_style_and_script(rich_report: Report) -> None:
    html = render(rich_report)
    doc = parse(html)
    csp = next(a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp and "unsafe-inline" not in csp
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(styles) == 1 and len(scripts) == 1
    assert f"style-src {sha(styles[0])}" in csp and f"script-src {sha(scripts[0])}" in csp
    assert [t for t, _ in doc.tags].count("script") == 1
    assert not any("style" in a for _, a in doc.tags), "inline style attributes would need 'unsafe-inline'"


def test_self_contained_no_network(rich_report: Report) -> None:
    doc = parse(render(rich_report))
    for tag, attrs in doc.tags:
        assert "src" not in attrs or tag == "never", f"{tag} loads {attrs.get('src')}"
        if tag == "link":
            raise AssertionError(f"external link element {attrs}")
        if tag == "a":
            href = attrs.get("href") or ""
            assert href.startswith(("#", "https://", "http://")), href
            assert not href.lower().startswith("javascript")


def test_hostile_strings_stay_text(rich_report: Report) -> None:
    html = render(rich_report)
    doc = parse(html)
    assert [t for t, _ in doc.tags].count("img") == 0
    assert not any(k.startswith("on") for _, a in doc.tags for k in a)
    assert "<script>alert" not in html and "<img src=x" not in html
    text = "".join(doc.text)
    assert rich.SCRIPT in text and rich.IMG in text and rich.TEMPLATE in text
    assert "{{7*7}}" in html and ">49<" not in html
    # Bidi overrides and terminal escapes are shown, not obeyed.
    assert "\u202e" not in html and "\x1b" not in html
    assert "invoice<U+202E>gnp.exe" in text
    assert "javascript:alert" not in html


def test_sections_charts_and_details(rich_report: Report) -> None:
    html = render(rich_report)
    doc = parse(html)
    ids = {a.get("id") for _, a in doc.tags}
    assert {"summary", "charts", "lineage", "findings", "models", "packages", "files", "errors", "verdict", "filters"} <= ids
    assert [t for t, _ in doc.tags].count("svg") == 4
    details = [a for t, a in doc.tags if t == "details"]
    assert len(details) == len(rich_report.models) and all("open" in a for a in details)
    rows = [a for t, a in doc.tags if t == "tr" and "data-sev" in a]
    assert len(rows) == len(rich_report.findings)
    assert not any("hidden" in a for a in rows), "every finding is visible without JavaScript"
    assert ("form", {"id": "filters", "class": "filters", "hidden": None}) in doc.tags
    text = " ".join(doc.text)
    assert "2026-11-01" in text and "FAIL" in text
    for loc in ("app/generator.py:9", "app/generator.py:10", "notebooks/explore.ipynb[cell 4]:2", "Dockerfile:12"):
        assert loc in text
    assert "mistralai/Mistral-7B-Instruct-v0.3" in text and "Fix AIS-ORIGIN-001" in text


def test_pass_verdict_and_empty_report() -> None:
    empty = dataclasses.replace(rich.build(), models=(), packages=(), files=(), findings=(), errors=(), references=())
    html = render(empty)
    assert "verdict-pass" in html and "No findings." in html
    assert "nothing to chart" in html


def test_lineage_chain_with_countries() -> None:
    report = rich.build()
    countries = Countries(report)
    acme = next(m for m in report.models if m.id == "acme/qwen-ft-GGUF")
    chain = lineage(acme, countries)
    assert [(n["name"], n["country"], n["relation"]) for n in chain] == [
        ("acme/qwen-ft-GGUF", "US", None),
        ("acme/qwen-ft", "US", "quantized"),
        ("Qwen/Qwen2.5-7B", "CN", "finetune"),
    ]
    assert chain[-1]["cls"] == "c-concern" and chain[0]["cls"] == "c-home"
