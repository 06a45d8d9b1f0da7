"""Fixtures for integration tests: a git snapshot of the checkout under test, subprocess environments, git helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from ..conftest import REPO

VENV_BIN = Path(sys.executable).parent


def git(*args: str, cwd: Path, env: Mapping[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=dict(env) if env else None, capture_output=True, text=True, check=check)


def base_env(tmp: Path) -> dict[str, str]:
    """Environment for child processes: offline for aiscan, deterministic git identity, no user git config."""
    prefixes = ("GIT_", "PRE_COMMIT", "GITHUB_", "INPUT_", "AISCAN_", "PYTHONPATH", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(
        HF_HUB_OFFLINE="1",
        GIT_AUTHOR_NAME="aiscan tests", GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="aiscan tests", GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_GLOBAL=str(tmp / "gitconfig"), GIT_CONFIG_NOSYSTEM="1",
        PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    # The suite points XDG_CACHE_HOME at a temp dir; pip (inside pre-commit's and the action's venvs) keeps using
    # the real pip cache so that installing this package does not download its dependencies again every run.
    env.setdefault("PIP_CACHE_DIR", os.path.expanduser("~/.cache/pip"))
    (tmp / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    return env


@pytest.fixture(scope="session")
def checkout_snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A one-commit git repository holding exactly the files of the checkout under test (tracked, modified and
    untracked-but-not-ignored). ``pre-commit try-repo`` on the checkout itself would see HEAD plus tracked changes
    but not new untracked files; the snapshot makes the test exercise the working tree as it is."""
    dest = tmp_path_factory.mktemp("aiscan-checkout") / "aiscan"
    dest.mkdir()
    env = base_env(dest.parent)
    listed = git("ls-files", "-z", "-c", "-o", "--exclude-standard", cwd=REPO).stdout.split("\0")
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file() and not src.is_symlink():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    git("init", "-q", cwd=dest, env=env)
    git("add", "-A", cwd=dest, env=env)
    git("commit", "-q", "-m", "snapshot of the checkout under test", cwd=dest, env=env)
    sha = git("rev-parse", "HEAD", cwd=dest, env=env).stdout.strip()
    return dest, sha
