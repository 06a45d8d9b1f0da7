"""SARIF 2.1.0: valid against the schema, GitHub's required fields, fingerprints, suppressions, stable order."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from scanner.models import Location, Report
from scanner.report import REPORTERS
from scanner.report.sarif import FINGERPRINT_KEY, uri


def sarif(report: Report) -> dict[str, Any]:
    return json.loads(REPORTERS["sarif"].render(report))


def test_rich_report_validates(rich_report: Report, sarif_validator: Callable[[Any], None]) -> None:
    doc = sarif(rich_report)
    sarif_validator(doc)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert len(run["results"]) == len(rich_report.findings)


def test_examples_validate(example_reports: dict[str, Report], sarif_validator: Callable[[Any], None]) -> None:
    assert example_reports
    for name, report in example_reports.items():
        doc = sarif(report)
        sarif_validator(doc)
        assert len(doc["runs"][0]["results"]) == len(report.findings), name


def test_rules_have_help_and_security_severity(rich_report: Report) -> None:
    rules = sarif(rich_report)["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids)) == sorted({f.rule_id for f in rich_report.findings})
    by_id = {r["id"]: r for r in rules}
    assert by_id["AIS-FORMAT-001"]["properties"]["security-severity"] == "9.5"
    assert by_id["AIS-ORIGIN-001"]["properties"]["security-severity"] == "8.0"
    assert by_id["AIS-LICENSE-002"]["properties"]["security-severity"] == "5.5"
    assert by_id["AIS-ORIGIN-001"]["help"]["text"].startswith("Fix AIS-ORIGIN-001")
    for rule in rules:
        float(rule["properties"]["security-severity"])
        assert rule["shortDescription"]["text"]


def test_results_point_at_repo_relative_lines(rich_report: Report) -> None:
    results = sarif(rich_report)["runs"][0]["results"]
    by_subject = {r["properties"]["subject"]: r for r in results}
    qwen = by_subject["Qwen/Qwen2.5-7B-Instruct"]
    assert qwen["ruleId"] == "AIS-ORIGIN-001" and qwen["level"] == "error"
    loc = qwen["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "app/generator.py" and loc["region"]["startLine"] == 9
    assert qwen["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 10
    # A file finding has no line: it points at line 1 of the file; the URI is percent-encoded.
    weird = by_subject["models/weird <b>.gguf"]["locations"][0]["physicalLocation"]
    assert weird["artifactLocation"]["uri"] == "models/weird%20%3Cb%3E.gguf" and weird["region"]["startLine"] == 1
    # A package finding without locations falls back to the manifest line of the package.
    openai = by_subject["openai"]["locations"][0]["physicalLocation"]
    assert openai["artifactLocation"]["uri"] == "requirements.txt" and openai["region"]["startLine"] == 2
    # A notebook cell's line is not a file line: line 1 and the cell in the message.
    nb = by_subject["meta-llama/Llama-3.1-8B"]["locations"][0]
    assert nb["physicalLocation"]["region"]["startLine"] == 1 and "cell 4" in nb["message"]["text"]
    for r in results:
        assert r["message"]["text"]
        assert r["partialFingerprints"][FINGERPRINT_KEY]
        assert r["locations"], r["ruleId"]


def test_suppressions(rich_report: Report) -> None:
    results = sarif(rich_report)["runs"][0]["results"]
    suppressed = {r["properties"]["subject"]: r["suppressions"] for r in results if "suppressions" in r}
    assert suppressed["deepseek-chat"][0]["kind"] == "inSource"
    assert suppressed["dashscope"][0]["kind"] == "external"
    assert suppressed["dashscope"][0]["justification"].startswith("config:")
    assert len(suppressed) == sum(1 for f in rich_report.findings if f.suppressed_by)


def test_order_does_not_depend_on_input_order(rich_report: Report) -> None:
    shuffled = dataclasses.replace(rich_report, findings=tuple(reversed(rich_report.findings)))
    assert REPORTERS["sarif"].render(shuffled) == REPORTERS["sarif"].render(rich_report)


def test_uri_is_relative_and_encoded() -> None:
    assert uri("./a b/c#d.py") == "a%20b/c%23d.py"
    assert uri("/abs/x.py") == "abs/x.py"
    assert uri("dir\\win.py") == "dir/win.py"


def test_errors_become_notifications(rich_report: Report) -> None:
    notes = sarif(rich_report)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == len(rich_report.errors)
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/bad.ipynb"


def test_finding_without_any_location_is_still_valid(rich_report: Report, sarif_validator: Callable[[Any], None]) -> None:
    lonely = dataclasses.replace(rich_report.findings[0], subject="nowhere", subject_kind="reference", locations=())
    doc = sarif(dataclasses.replace(rich_report, findings=(lonely,)))
    sarif_validator(doc)
    assert doc["runs"][0]["results"][0]["locations"] == []
    assert Location(path="x").line is None


def test_validator_is_not_vacuous(rich_report: Report, sarif_validator: Callable[[Any], None]) -> None:
    import jsonschema
    import pytest

    doc = sarif(rich_report)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator(doc)


def test_large_logs_are_compact_but_equal(rich_report: Report) -> None:
    many = tuple(dataclasses.replace(rich_report.findings[1], subject=f"m{i}", fingerprint=f"f{i}") for i in range(1001))
    text = REPORTERS["sarif"].render(dataclasses.replace(rich_report, findings=many))
    assert text.count("\n") == 1
    assert len(json.loads(text)["runs"][0]["results"]) == 1001


def test_github_upload_rules(rich_report: Report, example_reports: dict[str, Report]) -> None:
    from .github_sarif import github_problems

    assert github_problems(sarif(rich_report)) == []
    for name, report in example_reports.items():
        assert github_problems(sarif(report)) == [], name
    bad = sarif(rich_report)
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "/abs/app.py"
    bad["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["security-severity"] = "high"
    assert len(github_problems(bad)) == 2


def test_rules_link_to_readme_anchors_and_driver_has_information_uri(rich_report: Report) -> None:
    from pathlib import Path

    from scanner.report.common import PROJECT_URL, builtin_rule_ids, rule_anchor

    driver = sarif(rich_report)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == PROJECT_URL
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for rule in driver["rules"]:
        assert rule["helpUri"].startswith(PROJECT_URL + "/blob/main/README.md#")
        anchor = rule["helpUri"].split("#", 1)[1]
        if rule["id"] in builtin_rule_ids():
            assert anchor == rule_anchor(rule["id"])
            assert f'<a id="{anchor}"></a>' in readme, rule["id"]
        else:
            assert anchor == "policies"
        assert rule["helpUri"] in rule["help"]["markdown"]


def test_every_builtin_rule_has_a_readme_anchor() -> None:
    from pathlib import Path

    from scanner.report.common import builtin_rule_ids, rule_anchor

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert len(builtin_rule_ids()) >= 10
    assert [r for r in sorted(builtin_rule_ids()) if f'<a id="{rule_anchor(r)}"></a>' not in readme] == []


def test_project_url_matches_setup_cfg() -> None:
    import configparser
    from pathlib import Path

    from scanner.report.common import PROJECT_URL

    cfg = configparser.ConfigParser()
    cfg.read(Path(__file__).resolve().parents[2] / "setup.cfg")
    assert cfg["metadata"]["url"] == PROJECT_URL


def test_uris_are_relative_to_the_repository_root(tmp_path: Any, sarif_validator: Callable[[Any], None]) -> None:
    """Scanning services/api of a checkout points code scanning at services/api/..., not at the scanned folder."""
    import shutil

    from scanner.config import build_config
    from scanner.pipeline import run_scan
    from scanner.repo_root import repository_prefix

    from ..conftest import EXAMPLES, FIXED_TIME

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # a checkout is recognised by its .git, git is never run
    api = repo / "services" / "my api"
    shutil.copytree(EXAMPLES / "rag-service", api)
    assert repository_prefix(api) == "services/my api"
    assert repository_prefix(repo) == ""
    report = run_scan(build_config(api, config_path=None, cli={"offline": True}), clock=lambda: FIXED_TIME)
    doc = sarif(report)
    sarif_validator(doc)
    run = doc["runs"][0]
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"] for loc in r["locations"]}
    assert uris and all(u.startswith("services/my%20api/") for u in uris), uris
    assert "services/my%20api/app/generator.py" in uris
    # A worktree or submodule has a .git file; outside any checkout the scan root is the base.
    (repo / ".git").rmdir()
    (repo / "services" / ".git").write_text("gitdir: /elsewhere\n")
    assert repository_prefix(api) == "my api"
    (repo / "services" / ".git").unlink()
    assert repository_prefix(api) in ("", "services/my api")  # "" unless tmp_path itself sits in a checkout
