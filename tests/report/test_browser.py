"""The HTML report in a real headless browser (Debian's chromium): renders, charts drawn, hostile text inert, filters work."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scanner.models import Report
from scanner.report import REPORTERS

from .test_html_static import Collector, parse

BROWSER = next((b for b in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if b), None)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(BROWSER is None, reason="headless chromium not installed (apt-get install -y chromium); CI installs it"),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--enable-logging=stderr",
    "--v=0",
]


def browse(tmp_path: Path, url: str, *extra: str) -> tuple[str, str]:
    """Run chromium on ``url`` with ``extra`` flags; (stdout, stderr)."""
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    assert BROWSER is not None
    proc = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *extra, url], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, proc.stderr


@pytest.fixture
def page(tmp_path: Path, rich_report: Report) -> Path:
    path = tmp_path / "report.html"
    path.write_text(REPORTERS["html"].render(rich_report), encoding="utf-8")
    return path


def rows(doc: Collector) -> list[dict[str, str | None]]:
    return [a for t, a in doc.tags if t == "tr" and "data-sev" in a]


def visible(doc: Collector) -> list[dict[str, str | None]]:
    return [a for a in rows(doc) if "hidden" not in a]


def test_renders_with_charts_and_scripts_under_csp(tmp_path: Path, page: Path) -> None:
    dom, log = browse(tmp_path, page.as_uri(), "--dump-dom")
    doc = parse(dom)
    tags = [t for t, _ in doc.tags]
    assert tags.count("svg") == 4 and tags.count("rect") > 10
    html_attrs = next(a for t, a in doc.tags if t == "html")
    assert html_attrs.get("data-filters") == "ready", "our script did not run (CSP hash wrong?)"
    assert "Content Security Policy" not in log, log
    form = next(a for t, a in doc.tags if t == "form")
    assert "hidden" not in form
    assert f"showing {len(rows(doc))} of {len(rows(doc))}" in dom


def test_hostile_strings_stay_text_in_the_dom(tmp_path: Path, page: Path) -> None:
    dom, _ = browse(tmp_path, page.as_uri(), "--dump-dom")
    doc = parse(dom)
    tags = [t for t, _ in doc.tags]
    assert tags.count("script") == 1 and "img" not in tags and "iframe" not in tags
    assert not any(k.lower().startswith("on") for _, a in doc.tags for k in a)
    text = "".join(doc.text)
    assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(1)>' in text and "{{7*7}}" in text
    assert not any((a.get("href") or "").lower().startswith("javascript") for _, a in doc.tags)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("severity=high&status=blocking", {"AIS-FORMAT-001", "AIS-ORIGIN-001"}),
        ("rule=AIS-PKG-001", {"AIS-PKG-001"}),
        ("context=notebook", {"AIS-LICENSE-002"}),
        ("q=YALM", {"AIS-ORIGIN-001"}),
    ],
)
def test_filters_from_the_url_hash(tmp_path: Path, page: Path, rich_report: Report, fragment: str, expected: set[str]) -> None:
    dom, _ = browse(tmp_path, f"{page.as_uri()}#{fragment}", "--dump-dom")
    shown = visible(parse(dom))
    assert {a["data-rule"] for a in shown} == expected
    if fragment == "severity=high&status=blocking":
        assert len(shown) == len(rich_report.blocking)
    if fragment == "q=YALM":
        assert len(shown) == 1
    assert f"showing {len(shown)} of {len(rich_report.findings)}" in dom


def test_everything_visible_when_the_script_does_not_run(tmp_path: Path, page: Path, rich_report: Report) -> None:
    # --dump-dom needs JavaScript itself, so "JS off" is simulated by a CSP that blocks our script.
    html = page.read_text(encoding="utf-8")
    blocked = re.sub(r"script-src (?:'|&#39;)sha256-[^'&]+(?:'|&#39;)", "script-src &#39;none&#39;", html)
    assert blocked != html
    page.write_text(blocked, encoding="utf-8")
    dom, log = browse(tmp_path, f"{page.as_uri()}#severity=critical", "--dump-dom")
    assert "Content Security Policy" in log
    doc = parse(dom)
    assert next(a for t, a in doc.tags if t == "html").get("data-filters") is None
    assert len(visible(doc)) == len(rich_report.findings)
    assert "hidden" in next(a for t, a in doc.tags if t == "form")
    assert [t for t, _ in doc.tags].count("svg") == 4
    assert all("open" in a for t, a in doc.tags if t == "details")


def test_screenshot(tmp_path: Path, page: Path) -> None:
    shot = tmp_path / "shot.png"
    browse(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
