"""Blocking findings rolled up by decision: one row for "15 models via dashscope", one per base family, else per subject."""

from __future__ import annotations

import dataclasses

from scanner.models import Finding, License, Location, Model, Origin, Reference, RefKind, Report, Severity
from scanner.report import REPORTERS
from scanner.report.common import license_category, license_text
from scanner.report.rollup import blocking_decisions

ALIBABA = Origin(developer="Alibaba Cloud", country="CN", source="registry", confidence="high")
META = Origin(developer="Meta", country="US", source="registry", confidence="high")


def _api(i: int) -> Model:
    ref = Reference(kind=RefKind.API_MODEL, identifier=f"qwen-model-{i}", location=Location(path="app/llm.py", line=i + 1), detector="t", provider="dashscope")
    return Model(id=f"qwen-model-{i}", kind=RefKind.API_MODEL, provider="dashscope", origin=ALIBABA, base=ALIBABA, family="qwen", references=(ref,))


def _finding(rule: str, subject: str, line: int, severity: Severity = Severity.HIGH) -> Finding:
    return Finding(rule_id=rule, severity=severity, title=f"title of {rule}", message=f"{subject} message", subject=subject, subject_kind="model",
                   locations=(Location(path="app/llm.py", line=line),), fingerprint=f"{rule}:{subject}", remediation="Replace it.")


def build(rich: Report) -> Report:
    apis = [_api(i) for i in range(15)]
    hub = [
        Model(id=f"Qwen/Qwen2.5-{n}B", kind=RefKind.HF_MODEL, origin=ALIBABA, base=ALIBABA, family="qwen") for n in (1, 3, 7)
    ] + [Model(id="acme/ft", kind=RefKind.HF_MODEL, origin=META, base=ALIBABA, family="qwen")]
    findings = [_finding("AIS-API-001", m.id, i + 1) for i, m in enumerate(apis)]
    findings += [_finding("AIS-ORIGIN-001", m.id, 100 + i) for i, m in enumerate(hub)]
    findings += [_finding("AIS-ORIGIN-003", "lonely/model", 200, Severity.HIGH)]
    findings += [_finding("AIS-LICENSE-002", "x/low", 300, Severity.LOW)]  # below fail_on: not blocking
    return dataclasses.replace(rich, models=(*apis, *hub), findings=tuple(findings), fail_on=Severity.HIGH)


def test_one_row_per_decision(rich_report: Report) -> None:
    decisions = blocking_decisions(build(rich_report))
    assert [d.label for d in decisions] == [
        "15 models via dashscope (Alibaba Cloud, CN)",
        "4 models of the qwen family (Alibaba Cloud, CN)",
        "lonely/model",
    ]
    assert len(decisions[0].findings) == 15 and len(decisions[0].locations) == 15 and decisions[0].more_subjects == 9
    assert sum(len(d.findings) for d in decisions) == 20  # every blocking finding is in exactly one row


def test_html_and_markdown_show_the_roll_up(rich_report: Report) -> None:
    report = build(rich_report)
    html = REPORTERS["html"].render(report)
    section = html.split('id="blocking"', 1)[1].split("</section>", 1)[0]
    assert "3 decisions for 20 findings" in section
    assert section.count("<tr>") == 4  # header + 3 rows, not 20
    assert "15 models via dashscope (Alibaba Cloud, CN)" in section and "and 9 more" in section
    md = REPORTERS["markdown"].render(report)
    block = md.split("### Blocking: ", 1)[1].split("<details>", 1)[0]
    assert block.startswith("3 decision(s) for 20 finding(s)")
    assert block.count("\n| **high**") == 3


def test_hosted_api_licenses_are_not_applicable(rich_report: Report) -> None:
    api = _api(0)
    assert license_category(api) == "n/a" and license_text(api).startswith("n/a")
    licensed = dataclasses.replace(api, license=License(spdx="Apache-2.0", category="permissive"))
    assert license_category(licensed) == "permissive"
    hub = Model(id="x/y", kind=RefKind.HF_MODEL)
    assert license_category(hub) == "unknown" and license_text(hub) == "unknown"
    html = REPORTERS["html"].render(build(rich_report))
    assert ">n/a</span>" in html and "hosted API" in html
