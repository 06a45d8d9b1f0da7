"""action.yml exercised as GitHub runs it: its real shell steps, with the env: it declares, in a temp workspace."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO
from .conftest import base_env
from .github_runner import ActionRunner, parse_file_commands

QWEN = 'from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'
DEEPSEEK = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("deepseek-ai/DeepSeek-V3")\n'
CLEAN = 'print("no models here")\n'


def make_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, checkout_snapshot: tuple[Path, str]) -> dict[str, str]:
    """Run the action's install step once (a real venv + pip install of the action's checkout)."""
    tmp = tmp_path_factory.mktemp("action-install")
    workspace = tmp / "workspace"
    workspace.mkdir()
    runner = ActionRunner(checkout_snapshot[0], workspace, tmp, base_env(tmp))
    step = next(s for s in runner.action["runs"]["steps"] if s["name"] == "Install aiscan")
    result = runner.run_shell(step, step["name"], runner.inputs_with_defaults({}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert Path(runner.env["AISCAN_BIN"]).is_file() and str(tmp / "runner-temp") in runner.env["AISCAN_BIN"]
    assert "aiscan " in result.stdout  # `aiscan --version` from the fresh venv
    return {"AISCAN_BIN": runner.env["AISCAN_BIN"], "AISCAN_PYTHON": runner.env["AISCAN_PYTHON"]}


@pytest.fixture
def runner_for(tmp_path: Path, installed: dict[str, str], checkout_snapshot: tuple[Path, str]):  # type: ignore[no-untyped-def]
    def make(files: dict[str, str]) -> ActionRunner:
        workspace = make_project(tmp_path / "workspace", files)
        env = base_env(tmp_path) | installed
        return ActionRunner(checkout_snapshot[0], workspace, tmp_path, env)

    return make


def by_name(results, name):  # type: ignore[no-untyped-def]
    return next(r for r in results if r.name == name)


def test_action_yml_passes_inputs_only_through_env() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"path", "policy", "config", "fail-on", "formats", "upload-sarif", "hf-token"} <= set(action["inputs"])
    assert {"verdict", "findings", "json-report", "sarif-report", "markdown-report"} <= set(action["outputs"])
    used = set()
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            script = REPO / step["run"].split('"$GITHUB_ACTION_PATH/')[1].split('"')[0]
            assert script.is_file() and "${{" not in script.read_text(encoding="utf-8")
        for value in step.get("env", {}).values():
            used.update(re.findall(r"\$\{\{ inputs\.([\w-]+) \}\}", value))
    assert used >= set(action["inputs"]) - {"upload-sarif", "gate"}  # those two only decide `if:` of steps
    upload = next(s for s in action["runs"]["steps"] if "uses" in s)
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")


def test_violation_fails_the_gate_after_outputs_summary_and_annotations(runner_for) -> None:  # type: ignore[no-untyped-def]
    runner = runner_for({"app/gen.py": QWEN, "README.md": "# demo\n"})
    results = runner.run({"formats": "sarif, markdown", "fail-on": "high", "offline": "true"}, skip=("Install aiscan",))
    scan = by_name(results, "Scan")
    assert scan.returncode == 0, scan.stderr  # the scan step never fails: the upload must still run
    out = scan.outputs
    assert out["verdict"] == "fail" and out["exit-code"] == "1", scan.stdout + scan.stderr
    assert out["high"] == "1" and out["blocking"] == "1" and out["models"] == "1" and out["models-of-concern"] == "1"
    report = json.loads((runner.workspace / out["json-report"]).read_text(encoding="utf-8"))
    assert report["findings"][0]["subject"] == "Qwen/Qwen2.5-7B-Instruct"
    assert out["sarif-report"] == "aiscan-report/aiscan.sarif"
    sarif = json.loads((runner.workspace / out["sarif-report"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert "::error file=app/gen.py,line=2,title=AIS-ORIGIN-001" in scan.stdout
    summary = runner.summary.read_text(encoding="utf-8")
    assert "Qwen/Qwen2.5-7B-Instruct" in summary and summary == (runner.workspace / out["markdown-report"]).read_text(encoding="utf-8")
    upload = by_name(results, "Upload SARIF to code scanning")
    assert upload.with_["sarif_file"] == "aiscan-report/aiscan.sarif"
    gate = by_name(results, "Gate")
    assert gate.returncode == 1 and "::error title=aiscan::policy violations" in gate.stdout
    assert runner.action_outputs()["verdict"] == "fail"


def test_clean_project_passes(runner_for) -> None:  # type: ignore[no-untyped-def]
    runner = runner_for({"app/main.py": CLEAN})
    results = runner.run({"formats": "json", "offline": "true"}, skip=("Install aiscan",))
    scan = by_name(results, "Scan")
    assert scan.outputs["verdict"] == "pass" and scan.outputs["exit-code"] == "0" and scan.outputs["findings"] == "0"
    assert "sarif-report" not in scan.outputs
    assert "### aiscan: PASS" in runner.summary.read_text(encoding="utf-8")  # fallback summary without a Markdown report
    assert by_name(results, "Gate").returncode == 0


def test_hostile_inputs_stay_data(runner_for) -> None:  # type: ignore[no-untyped-def]
    runner = runner_for({"app/main.py": CLEAN})
    pwned = runner.workspace / "pwned"
    results = runner.run(
        {"policy": f'"; touch {pwned}; echo "', "path": f"$(touch {pwned})", "offline": "true", "hf-token": "hf_secret`touch x`"},
        skip=("Install aiscan",),
    )
    scan = by_name(results, "Scan")
    assert not pwned.exists() and not (runner.workspace / "x").exists()
    assert scan.outputs == {"verdict": "error", "exit-code": "2"}
    assert "::add-mask::hf_secret`touch x`" in scan.stdout
    assert by_name(results, "Gate").returncode == 2


def test_unknown_format_is_an_error(runner_for) -> None:  # type: ignore[no-untyped-def]
    runner = runner_for({"app/main.py": CLEAN})
    results = runner.run({"formats": "sarif,pdf", "offline": "true"}, skip=("Install aiscan",))
    assert by_name(results, "Scan").outputs["verdict"] == "error"
    assert by_name(results, "Gate").returncode == 2


def test_base_report_gates_on_new_findings_only(runner_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = runner_for({"app/gen.py": QWEN})
    # The base branch, checked out outside the workspace, scanned by the action itself without gating (as in
    # examples/ci/github/aiscan-pr.yml).
    base_src = make_project(tmp_path / "base-src", {"app/gen.py": QWEN})
    results = runner.run(
        {"path": str(base_src), "formats": "json", "upload-sarif": "false", "gate": "false", "output-dir": str(tmp_path / "aiscan-base"), "offline": "true"},
        skip=("Install aiscan",),
    )
    assert [r.name for r in results] == ["Scan"]  # no upload, no gate
    assert results[0].outputs["verdict"] == "fail"  # the base has a violation; it is accepted, not gated
    base = Path(results[0].outputs["json-report"])
    runner.summary.write_text("", encoding="utf-8")
    # Same code as the base branch: the existing Qwen finding does not fail the pull request.
    results = runner.run({"base-report": str(base), "formats": "markdown", "offline": "true"}, skip=("Install aiscan",))
    scan = by_name(results, "Scan")
    assert scan.outputs["verdict"] == "pass" and scan.outputs["new-findings"] == "0" and scan.outputs["high"] == "1"
    assert by_name(results, "Gate").returncode == 0
    assert "no new findings" in runner.summary.read_text(encoding="utf-8")
    # The pull request adds a DeepSeek model: one new finding, the gate fails, and only the new one is annotated.
    (runner.workspace / "app/new.py").write_text(DEEPSEEK, encoding="utf-8")
    runner.summary.write_text("", encoding="utf-8")
    results = runner.run({"base-report": str(base), "formats": "markdown", "offline": "true"}, skip=("Install aiscan",))
    scan = by_name(results, "Scan")
    assert scan.outputs["verdict"] == "fail" and scan.outputs["new-findings"] == "1" and scan.outputs["exit-code"] == "1"
    assert "file=app/new.py,line=2" in scan.stdout and "file=app/gen.py" not in scan.stdout
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.index("deepseek-ai/DeepSeek-V3") < summary.index("Qwen/Qwen2.5-7B-Instruct")  # diff first, then the report
    assert scan.outputs["diff-report"] == "aiscan-report/aiscan-diff.md"
    assert by_name(results, "Gate").returncode == 1


def test_parse_file_commands_heredoc() -> None:
    assert parse_file_commands("a=1\nb<<EOF\nx\ny\nEOF\n") == {"a": "1", "b": "x\ny"}


def test_annotations_are_relative_to_the_repository(runner_for) -> None:  # type: ignore[no-untyped-def]
    runner = runner_for({"services/api/app/gen.py": QWEN})
    subprocess.run(["git", "init", "-q", str(runner.workspace)], check=True, env=runner.env)
    results = runner.run({"path": "services/api", "formats": "", "offline": "true"}, skip=("Install aiscan",))
    scan = by_name(results, "Scan")
    assert "::error file=services/api/app/gen.py,line=2," in scan.stdout
    assert by_name(results, "Gate").returncode == 1
