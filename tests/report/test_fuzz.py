"""Arbitrary text in every untrusted field never changes a report's structure (hypothesis)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.models import Finding, License, Location, Origin, Report
from scanner.report import REPORTERS

from . import rich
from .test_html_static import parse

CHARS = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("<>&\"'{}|`[]()#@\\\u202e\u200b\x1b\x00\n\r"))
TEXT = st.lists(
    st.text(alphabet=CHARS, min_size=1, max_size=12) | st.sampled_from(["</script>", "{{7*7}}", "javascript:alert(1)", "]]>", "-->"]), min_size=1, max_size=4
).map("".join)


def hostile(report: Report, text: str) -> Report:
    """Put ``text`` into every field a scanned file or the Hub controls."""
    models = tuple(
        dataclasses.replace(
            m,
            id=f"{m.id}{text}",
            origin=Origin(developer=text, country=m.origin.country, source="card"),
            license=License(raw=text, name=text, url=text, category="unknown"),
            unresolved_reason=text,
            extra={"alternatives": [{"model": text, "country": text}], "pipeline_tag": text},
            references=tuple(
                dataclasses.replace(r, evidence=text, location=Location(path=f"{r.location.path}{text}", line=r.location.line)) for r in m.references
            ),
        )
        for m in report.models
    )
    findings = tuple(
        Finding(
            **{
                **{f.name: getattr(x, f.name) for f in dataclasses.fields(x)},
                "message": text,
                "subject": f"{x.subject}{text}",
                "suppressed_by": x.suppressed_by and text,
            }
        )
        for x in report.findings
    )
    files = tuple(dataclasses.replace(mf, path=f"{mf.path}{text}", metadata={"name": text}) for mf in report.files)
    return dataclasses.replace(report, root=text, models=models, findings=findings, files=files)


def structure(html: str) -> list[str]:
    return [tag for tag, _ in parse(html).tags]


BASE = rich.build()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_untrusted_text_is_inert(text: str, sarif_validator: Callable[[Any], None], bom_validator: Callable[[Any], None]) -> None:
    report = hostile(BASE, text)
    reference = hostile(BASE, "plain")
    html = REPORTERS["html"].render(report)
    doc = parse(html)
    tags = [tag for tag, _ in doc.tags]
    assert set(tags) <= set(structure(REPORTERS["html"].render(reference))) | {"a"}
    assert (tags.count("script"), tags.count("style"), tags.count("svg")) == (1, 1, 4)
    assert tags.count("details") == len(report.models)
    assert sum(1 for tag, attrs in doc.tags if tag == "tr" and "data-sev" in attrs) == len(report.findings)
    assert not any(name.lower().startswith("on") for _, attrs in doc.tags for name in attrs)
    assert all((attrs.get("href") or "#").startswith(("#", "https://", "http://")) for tag, attrs in doc.tags if tag == "a")
    assert "\u202e" not in html and "\x1b" not in html
    sarif_validator(json.loads(REPORTERS["sarif"].render(report)))
    bom_validator(json.loads(REPORTERS["cyclonedx"].render(report)))
    md = REPORTERS["markdown"].render(report)
    assert md.count("<details>") == REPORTERS["markdown"].render(reference).count("<details>")
    assert "<" not in md.replace("<details>", "").replace("</details>", "").replace("<summary>", "").replace("</summary>", "").replace("<br>", "")
    text_out = REPORTERS["text"].render(report)
    assert "\x1b" not in text_out and "\u202e" not in text_out
