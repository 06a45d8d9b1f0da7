"""examples/ci: the GitHub workflows use only real inputs/outputs of action.yml; the GitLab job's script, run as
GitLab runs it in a merge-request pipeline, gates on new findings and leaves the report artifacts it declares."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO
from .conftest import base_env, git
from .reports import hf, write_tree

CI = REPO / "examples" / "ci"
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def workflow_steps(path: Path) -> list[dict]:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [step for job in data["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("name", ["aiscan.yml", "aiscan-org-dashboard.yml"])
def test_github_workflows_are_consistent_with_the_action(name: str) -> None:
    steps = workflow_steps(CI / "github" / name)
    for step in steps:
        assert "${{" not in step.get("run", ""), f"{name}: {step.get('name')}: expression interpolated into a script"
        if str(step.get("uses", "")).split("@")[0].endswith("/aiscan"):
            assert set(step.get("with", {})) <= set(ACTION["inputs"]), step
            for ref in re.findall(r"steps\.[\w-]+\.outputs\.([\w-]+)", json.dumps(step)):
                assert ref in ACTION["outputs"], ref


def test_pull_request_workflow_gates_on_the_base_report() -> None:
    steps = {s.get("id"): s for s in workflow_steps(CI / "github" / "aiscan.yml") if s.get("id")}
    assert steps["base"]["with"]["gate"] == "false" and steps["base"]["with"]["upload-sarif"] == "false"
    assert steps["aiscan"]["with"]["base-report"].startswith("${{ steps.base.outputs.json-report")


def gitlab_script() -> str:
    job = yaml.safe_load((CI / "gitlab" / ".gitlab-ci.yml").read_text(encoding="utf-8"))["aiscan"]
    assert set(job["artifacts"]["reports"]) == {"codequality", "cyclonedx"}
    return "\n".join(job["script"]) + "\n"


def run_gitlab_job(project: Path, tmp: Path, variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = base_env(tmp) | {"TMPDIR": str(tmp), "AISCAN_FAIL_ON": "high", "HF_HUB_OFFLINE": "1"} | variables
    git("clean", "-fdxq", cwd=project, env=env)  # every pipeline starts from a fresh checkout
    git("worktree", "prune", cwd=project, env=env)
    script = tmp / "gitlab-job.sh"
    script.write_text(gitlab_script(), encoding="utf-8")
    return subprocess.run(["bash", "-eo", "pipefail", str(script)], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture
def mr_project(tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    project = tmp_path / "project"
    env = base_env(tmp_path)
    write_tree(project, {"app/gen.py": hf("Qwen/Qwen2.5-7B-Instruct"), "requirements.txt": "transformers\n"})
    git("init", "-q", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)
    git("commit", "-q", "-m", "base", cwd=project, env=env)
    return project, git("rev-parse", "HEAD", cwd=project, env=env).stdout.strip(), env


def test_gitlab_merge_request_fails_only_on_new_findings(mr_project: tuple[Path, str, dict[str, str]], tmp_path: Path) -> None:
    project, base_sha, env = mr_project
    # An MR that changes nothing AI-related: the existing Qwen violation does not fail it.
    write_tree(project, {"app/util.py": "def f() -> int:\n    return 1\n"})
    git("add", "app/util.py", cwd=project, env=env)
    git("commit", "-q", "-m", "harmless", cwd=project, env=env)
    harmless = run_gitlab_job(project, tmp_path, {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base_sha})
    assert harmless.returncode == 0, harmless.stdout + harmless.stderr
    subprocess.run(["rm", "-rf", str(tmp_path / "aiscan-base-src")], check=True)
    # An MR adding a DeepSeek model fails, with the artifacts GitLab reads.
    write_tree(project, {"app/new.py": hf("deepseek-ai/DeepSeek-V3")})
    git("add", "app/new.py", cwd=project, env=env)
    git("commit", "-q", "-m", "add deepseek", cwd=project, env=env)
    result = run_gitlab_job(project, tmp_path, {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base_sha})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL: 1 new finding(s)" in result.stdout
    assert "deepseek-ai/DeepSeek-V3" in (project / "aiscan-diff.md").read_text(encoding="utf-8")
    quality = json.loads((project / "gl-code-quality.json").read_text(encoding="utf-8"))
    origin = {q["location"]["path"]: q for q in quality if q["check_name"] == "AIS-ORIGIN-001"}
    assert set(origin) == {"app/gen.py", "app/new.py"}
    assert origin["app/new.py"]["severity"] == "critical" and origin["app/new.py"]["location"]["lines"]["begin"] == 2
    report = json.loads((project / "aiscan.json").read_text(encoding="utf-8"))
    assert len(quality) == sum(1 for f in report["findings"] if not f["suppressed_by"]) == len({q["fingerprint"] for q in quality})
    assert all(set(q) >= {"description", "check_name", "fingerprint", "severity", "location"} for q in quality)
    bom = json.loads((project / "aiscan.cdx.json").read_text(encoding="utf-8"))
    assert bom["bomFormat"] == "CycloneDX"
    for artifact in ("aiscan.html", "aiscan.json", "aiscan.sarif", "aiscan.md"):
        assert (project / artifact).is_file(), artifact


def test_gitlab_branch_pipeline_fails_on_any_violation(mr_project: tuple[Path, str, dict[str, str]], tmp_path: Path) -> None:
    project, _, _ = mr_project
    assert run_gitlab_job(project, tmp_path, {}).returncode == 1
    (project / "app/gen.py").write_text("print('no model')\n", encoding="utf-8")
    assert run_gitlab_job(project, tmp_path, {}).returncode == 0
