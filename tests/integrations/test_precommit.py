"""The real pre-commit framework drives the hook: `pre-commit try-repo` on this repository, then `git commit`s in a
temporary repository with the hook installed. A commit adding a disallowed model is blocked; a clean one passes.

pre-commit builds a virtualenv and pip-installs this package from the checkout snapshot (PyPI or the local pip
configuration must be reachable); the install is paid once for try-repo and once for both commits.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import VENV_BIN, base_env, git
from .reports import hf

QWEN = "Qwen/Qwen2.5-7B-Instruct"


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("pre-commit", path=str(VENV_BIN)) or shutil.which("pre-commit")
    if exe is None:
        pytest.fail("pre-commit is not installed: pip install '.[test]'")
    return subprocess.run([exe, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_hook_blocks_disallowed_model_and_passes_clean_commit(tmp_path: Path, checkout_snapshot: tuple[Path, str]) -> None:
    repo_path, sha = checkout_snapshot
    env = base_env(tmp_path) | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project, env=env)
    (project / ".aiscan.yaml").write_text("exclude: ['third_party_models/*']\n", encoding="utf-8")
    (project / "README.md").write_text("# demo\n", encoding="utf-8")
    git("add", "-A", cwd=project, env=env)
    git("commit", "-q", "-m", "initial", cwd=project, env=env)

    # 1. try-repo: run the hook from this repository against the staged files.
    (project / "app").mkdir()
    (project / "app/generate.py").write_text(hf(QWEN, "AutoModelForCausalLM"), encoding="utf-8")
    git("add", "app/generate.py", cwd=project, env=env)
    tried = pre_commit("try-repo", str(repo_path), "aiscan", cwd=project, env=env)
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert "Failed" in tried.stdout and "AIS-ORIGIN-001" in tried.stdout and QWEN in tried.stdout
    assert "app/generate.py:2" in tried.stdout and "Traceback" not in tried.stdout

    # 2. Real commits through the installed git hook.
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {sha}\n    hooks:\n      - id: aiscan\n      - id: aiscan-project\n", encoding="utf-8"
    )
    git("rm", "-q", "--cached", "app/generate.py", cwd=project, env=env)
    git("add", ".pre-commit-config.yaml", cwd=project, env=env)
    git("commit", "-q", "--no-verify", "-m", "add pre-commit config", cwd=project, env=env)
    installed = pre_commit("install", cwd=project, env=env)
    assert installed.returncode == 0, installed.stderr
    head_before = git("rev-parse", "HEAD", cwd=project, env=env).stdout

    git("add", "app/generate.py", cwd=project, env=env)
    blocked = git("commit", "-m", "use Qwen", cwd=project, env=env, check=False)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    output = blocked.stdout + blocked.stderr
    assert "aiscan" in output and QWEN in output and "Traceback" not in output
    assert git("rev-parse", "HEAD", cwd=project, env=env).stdout == head_before  # nothing was committed

    git("rm", "-q", "--cached", "app/generate.py", cwd=project, env=env)
    (project / "app/generate.py").unlink()
    (project / "app/main.py").write_text("def main() -> None:\n    print('no models here')\n", encoding="utf-8")
    # Excluded by the project's .aiscan.yaml: the hook keeps the project context while reading only staged files.
    (project / "third_party_models").mkdir()
    (project / "third_party_models/vendored.py").write_text(hf(QWEN), encoding="utf-8")
    git("add", "app/main.py", "third_party_models/vendored.py", cwd=project, env=env)
    start = time.perf_counter()
    clean = git("commit", "-m", "clean change", cwd=project, env=env, check=False)
    elapsed = time.perf_counter() - start
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout + clean.stderr
    assert git("rev-parse", "HEAD", cwd=project, env=env).stdout != head_before
    assert elapsed < 30, f"clean commit took {elapsed:.1f}s"  # generous: shared CI machines; the bench measures it

    # 3. The whole-project hook (pre-push / manual stage) sees what the per-commit hook deliberately does not:
    # a violation in a file the commit did not touch.
    whole = pre_commit("run", "aiscan-project", "--hook-stage", "manual", cwd=project, env=env)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    (project / "legacy.py").write_text(hf("deepseek-ai/DeepSeek-V3"), encoding="utf-8")
    git("add", "legacy.py", cwd=project, env=env)
    git("commit", "-q", "--no-verify", "-m", "legacy code committed without the hook", cwd=project, env=env)
    whole = pre_commit("run", "aiscan-project", "--hook-stage", "manual", cwd=project, env=env)
    assert whole.returncode == 1 and "deepseek-ai/DeepSeek-V3" in whole.stdout, whole.stdout + whole.stderr
    (project / "README.md").write_text("# demo, edited\n", encoding="utf-8")
    git("add", "README.md", cwd=project, env=env)
    assert git("commit", "-m", "docs", cwd=project, env=env, check=False).returncode == 0  # untouched legacy.py: not this commit's business
