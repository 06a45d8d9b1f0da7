"""Terminal: the delayed progress line on stderr, width-aware wrapping (whole lines when piped), --help, no repeats."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.models import Report
from scanner.policy.evaluate import drop_repeated_clauses
from scanner.report.progress import CLEAR, Progress, make_progress, terminal_width
from scanner.report.text import TextReporter, wrap

from ..conftest import EXAMPLES


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_waits_a_second_then_redraws_one_line_and_clears() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, clock=clock, width=lambda: 60)
    progress("reading files", 10, 30000)
    assert out.getvalue() == ""  # a fast scan prints nothing
    clock.now += 1.5
    progress("reading files", 12345, 30000)
    line = out.getvalue()
    assert line.startswith(CLEAR) and "12,345/30,000 (41%)" in line and "\n" not in line
    assert len(line) - len(CLEAR) <= 59  # never wider than the terminal: a wrapped line cannot be redrawn
    clock.now += 0.01
    progress("reading files", 12346, 30000)  # throttled
    assert out.getvalue() == line
    progress("resolving models", 0, 0)  # a new phase always shows
    assert out.getvalue().endswith("aiscan: resolving models 1.5s")
    progress.close()
    assert out.getvalue().endswith(CLEAR)
    narrow = io.StringIO()
    cut = Progress(narrow, clock=clock, width=lambda: 20)
    clock.now += 2
    cut("reading files", 1, 2)
    assert len(narrow.getvalue()) - len(CLEAR) == 19


def test_no_progress_when_piped_or_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("AISCAN_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert make_progress(io.StringIO(), quiet=False) is None
    assert make_progress(Tty(), quiet=True) is None
    assert isinstance(make_progress(Tty(), quiet=False), Progress)
    monkeypatch.setenv("TERM", "dumb")
    assert make_progress(Tty(), quiet=False) is None


def test_terminal_width_honours_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    assert terminal_width() == 400


def test_scan_reports_its_phases() -> None:
    from scanner.config import build_config
    from scanner.pipeline import run_scan

    seen: list[tuple[str, int, int]] = []
    run_scan(build_config(EXAMPLES / "rag-service", config_path=None, cli={"offline": True, "file_cache": False}), progress=lambda *a: seen.append(a))
    phases = [p.split(" (")[0] for p, _, _ in seen]
    assert phases[0] == "listing files" and "reading files" in phases
    assert phases.index("reading files") < phases.index("resolving models and packages") < phases.index("evaluating the policy")
    reads = [(d, t) for p, d, t in seen if p.startswith("reading files")]
    assert reads[-1][0] == reads[-1][1] > 0


def test_piped_text_keeps_whole_messages(rich_report: Report) -> None:
    import dataclasses

    from scanner.report.common import one_line

    first = next(f for f in rich_report.findings if f.suppressed_by is None)
    long = "a remarkably long message " * 12  # 312 characters: longer than any fixed cut
    report = dataclasses.replace(rich_report, findings=(dataclasses.replace(first, message=long),))
    assert one_line(long) in TextReporter().render(report, width=None)
    wrapped = TextReporter().render(report, width=80)
    assert one_line(long) not in wrapped and all(len(line) <= 80 for line in wrapped.splitlines() if "remarkably" in line)


def test_wrapped_text_fits_the_width(rich_report: Report) -> None:
    for width in (60, 100, 400):
        text = TextReporter().render(rich_report, width=width)
        findings = [line for line in text.splitlines() if line.startswith("  ") or line.startswith(" " * 4)]
        assert findings
        too_long = [line for line in findings if len(line) > width and " " in line.strip()[: width]]
        assert not [line for line in too_long if len(max(line.split(), key=len)) < width], too_long


def test_wrap_hangs_under_the_message_column() -> None:
    body = "word " * 40
    lines = wrap(28, body.strip(), 80)
    assert len(lines) > 2 and all(len(line) <= 80 - 28 for line in lines[:1])
    assert all(line.startswith(" " * 28) and len(line) <= 80 for line in lines[1:])
    assert wrap(28, body.strip(), None) == [body.strip()]


def test_repeated_clauses_are_dropped() -> None:
    same = "Qwen/Qwen2.5-7B depends on a model developed by Alibaba Cloud (CN); developer: Alibaba Cloud (CN)"
    assert drop_repeated_clauses(same) == "Qwen/Qwen2.5-7B depends on a model developed by Alibaba Cloud (CN)"
    differ = "acme/ft depends on a model developed by Alibaba Cloud (CN); developer: Acme (US)"
    assert drop_repeated_clauses(differ) == differ
    assert drop_repeated_clauses("a; b: ; c") == "a; b: ; c"


def test_example_messages_do_not_repeat_themselves() -> None:
    result = CliRunner().invoke(main, [str(EXAMPLES / "rag-service"), "--offline", "--format", "json"])
    import json

    for f in json.loads(result.stdout)["findings"]:
        parts = re.findall(r"[A-Z][^;,()]+ \([A-Z?]{2}\)", f["message"])
        assert len(parts) == len(set(parts)), f["message"]


def test_help_says_that_aiscan_path_scans_and_lists_the_scan_options() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="aiscan")
    assert result.exit_code == 0
    out = result.stdout
    assert "Usage: aiscan [PATH] [SCAN OPTIONS]" in out and "aiscan COMMAND" in out
    assert "`aiscan PATH` scans PATH" in out
    section = out.split("Scan options", 1)[1].split("Commands:", 1)[0]
    for option in ("--format", "--output", "--offline", "--policy", "--fail-on", "--baseline", "--exit-zero", "--quiet"):
        assert option in section, option
    assert "scan-files" in out.split("Commands:", 1)[1]


def test_a_file_finding_names_its_path_once(rich_report: Report) -> None:
    import dataclasses

    from scanner.models import Finding, Location, Severity

    f = Finding(rule_id="AIS-FILE-001", severity=Severity.CRITICAL, title="t", message="models/x.pkl (pickle) can execute code when loaded",
                subject="models/x.pkl", subject_kind="file", locations=(Location(path="models/x.pkl"),), fingerprint="x")
    text = TextReporter().render(dataclasses.replace(rich_report, findings=(f,)), width=None)
    assert text.count("models/x.pkl") == 1


def test_the_hub_phase_counts_lookups_as_they_come_back() -> None:
    from scanner.resolve.base import HubLookupError, HubModelInfo
    from scanner.resolve.hub_stage import PROGRESS_CHUNK, ProgressHub

    class Hub:
        online = True
        batches: list[int] = []

        def model_info(self, repo_id: str, revision: str | None = None) -> HubModelInfo | None:
            return None

        def model_infos(self, keys: Any) -> dict[Any, HubModelInfo | None | HubLookupError]:
            self.batches.append(len(keys))
            return {k: (HubLookupError("down") if k[0].endswith("7") else None) for k in keys}

    seen: list[tuple[str, int, int]] = []
    hub = ProgressHub(Hub(), lambda *a: seen.append(a))
    roots = [(f"org/m{i}", None) for i in range(PROGRESS_CHUNK * 2 + 3)]
    answers = hub.model_infos(roots + roots[:5])  # duplicates are asked once
    assert set(answers) == set(roots) and isinstance(answers[("org/m7", None)], HubLookupError)
    assert Hub.batches == [PROGRESS_CHUNK, PROGRESS_CHUNK, 3]
    total = len(roots)
    assert seen == [("checking models on the Hub", d, total) for d in (0, PROGRESS_CHUNK, 2 * PROGRESS_CHUNK, total)]
    hub.model_infos([("org/parent", None)])  # the next lineage level adds to what was asked
    assert seen[-1] == ("checking models on the Hub", total + 1, total + 1)
    assert hub.online
