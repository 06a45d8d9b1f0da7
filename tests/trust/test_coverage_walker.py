"""Attack cases: nothing is skipped silently. Folders are left out only by proven layout, each one is recorded with
its reason, and model files and trust_remote_code under a skipped folder are still inspected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .coverage_helpers import QWEN, as_json, blocking, evil_pickle, fake_venv, git_init, hf, rules, scan, write

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.mark.parametrize("use_git", [False, True])
@pytest.mark.parametrize("where", ["src", "models", "."])
def test_an_empty_pyvenv_cfg_no_longer_hides_a_folder(tmp_path: Path, where: str, use_git: bool) -> None:
    root = write(tmp_path / "repo", {f"{where}/app.py": hf(), f"{where}/pyvenv.cfg": ""})
    if use_git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        git_init(root)
    report = scan(root, tmp_path)
    assert ("AIS-ORIGIN-001", QWEN) in rules(report) and report.coverage.skipped_folders == ()


def test_a_pyvenv_cfg_with_a_home_but_no_interpreter_proves_nothing(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"lib/app.py": hf()})
    fake_venv(root, "lib", real=False)
    (root / "lib" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    assert ("AIS-ORIGIN-001", QWEN) in rules(scan(root, tmp_path))


@pytest.mark.parametrize("name", ["vendor", "build", "third_party", "env", "venv", ".venv", "target", "dist", "node_modules",
                                  "site-packages", "__pycache__", ".cache", ".terraform"])
def test_a_folder_named_like_a_default_skip_is_scanned_unless_its_layout_proves_it(tmp_path: Path, name: str) -> None:
    root = write(tmp_path / "repo", {f"{name}/loader.py": hf()})
    report = scan(root, tmp_path)
    assert ("AIS-ORIGIN-001", QWEN) in rules(report), name
    assert report.coverage.skipped_folders == ()


@pytest.mark.parametrize("use_git", [False, True])
def test_a_real_environment_is_skipped_recorded_and_still_inspected(tmp_path: Path, use_git: bool) -> None:
    root = write(tmp_path / "repo", {"app.py": "print('hi')\n"})
    fake_venv(root, ".venv", real=True)
    write(root, {
        ".venv/lib/python3.11/site-packages/pkg/model.py": hf(QWEN),  # ordinary code in an environment: not analysed
        ".venv/lib/python3.11/site-packages/pkg/weights.pkl": evil_pickle(),  # what an attacker hides there
        ".venv/lib/python3.11/site-packages/pkg/remote.py": hf("org/name", ", trust_remote_code=True"),
    })
    if use_git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        git_init(root)
    report = scan(root, tmp_path)
    (folder,) = report.coverage.skipped_folders
    assert folder.path == ".venv" and folder.reason.startswith("Python virtual environment")
    assert folder.files == 6 and folder.inspected == 6  # each read by the second pass (text grep or model sniff)
    assert ("AIS-ORIGIN-001", QWEN) not in rules(report)
    assert {"AIS-FILE-001", "AIS-CODE-001"} <= blocking(report)
    remote = [r for r in report.references if r.trust_remote_code]
    assert [(r.location.path, r.location.line) for r in remote] == [(".venv/lib/python3.11/site-packages/pkg/remote.py", 2)]
    assert as_json(report)["coverage"]["skipped_folders"][0]["inspected"] == 6


def test_installed_node_modules_are_skipped_but_a_pickle_inside_is_inspected(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"node_modules/.package-lock.json": "{}", "node_modules/x/index.py": hf(),
                                     "node_modules/x/model.bin": evil_pickle()})
    report = scan(root, tmp_path)
    assert [(f.path, f.reason) for f in report.coverage.skipped_folders] == [
        ("node_modules", "installed JavaScript packages (.package-lock.json)")]
    assert "AIS-FILE-001" in blocking(report) and ("AIS-ORIGIN-001", QWEN) not in rules(report)


def test_a_folder_excluded_by_the_trees_config_is_recorded_and_its_model_files_inspected(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {".aiscan.yaml": "exclude: ['hidden/*']\n", "hidden/payload.pkl": evil_pickle(),
                                     "hidden/app.py": hf("org/name", ", trust_remote_code=True")})
    report = scan(root, tmp_path, exclude=("hidden",))
    assert [(f.path, f.reason) for f in report.coverage.skipped_folders] == [("hidden", "excluded by pattern 'hidden'")]
    assert {"AIS-FILE-001", "AIS-CODE-001"} <= blocking(report)


@needs_git
def test_go_vendor_with_modules_txt_is_skipped_with_its_reason(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"vendor/modules.txt": "# example.com/x v1.0.0\n", "vendor/example.com/x/m.py": hf()})
    git_init(root)
    report = scan(root, tmp_path)
    assert [(f.path, f.reason, f.files) for f in report.coverage.skipped_folders] == [
        ("vendor", "Go vendored modules (vendor/modules.txt)", 2)]
