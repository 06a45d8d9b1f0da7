"""The walker: git's file list when in a work tree, default skips, exclude globs, symlinks never followed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scanner.discover.walker import Skipped, WalkEntry, git_list, iter_files, walk

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def write(root: Path, rel: str, text: str = "x = 1\n") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def files(root: Path, **kwargs: object) -> list[str]:
    return sorted(i.relpath for i in walk(root, **kwargs) if isinstance(i, WalkEntry) and not i.hidden)  # type: ignore[arg-type]


def skipped(root: Path, **kwargs: object) -> dict[str, str]:
    return {i.relpath: i.reason for i in walk(root, **kwargs) if isinstance(i, Skipped) and not i.folder}  # type: ignore[arg-type]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for rel in ("app/main.py", "app/util/io.py", "README.md", "node_modules/pkg/index.py", "build/lib/x.py",
                "vendor/lib.py", "pkg.egg-info/PKG-INFO", "myenv/lib/site.py", "conda/conda-meta/history",
                "conda/lib/y.py", "data/notes.txt"):
        write(tmp_path, rel)
    write(tmp_path, "myenv/pyvenv.cfg", "home = /usr/bin\n")
    return tmp_path


WALKED = ["README.md", "app/main.py", "app/util/io.py", "build/lib/x.py", "conda/conda-meta/history", "conda/lib/y.py",
          "data/notes.txt", "myenv/lib/site.py", "myenv/pyvenv.cfg", "node_modules/pkg/index.py", "vendor/lib.py"]


@pytest.mark.parametrize("use_git", [False, True])
def test_folders_are_skipped_by_proven_layout_not_by_name(tree: Path, use_git: bool) -> None:
    """pkg.egg-info holds PKG-INFO: skipped (and recorded); build/, a node_modules with no install state, a vendor/
    with no vendoring manifest, a pyvenv.cfg with no interpreter and a conda-meta with no site-packages prove
    nothing: walked like any folder."""
    if use_git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        git(tree, "init", "-q")
        git(tree, "add", "-A")
    assert files(tree) == WALKED
    folders = {i.relpath: i for i in walk(tree) if isinstance(i, Skipped) and i.folder}
    assert set(folders) == {"pkg.egg-info"}
    assert folders["pkg.egg-info"].reason == "setuptools metadata (PKG-INFO)" and folders["pkg.egg-info"].files == 1


def test_exclude_globs_match_files_and_folders(tree: Path) -> None:
    assert files(tree, exclude=("app/util", "*.txt")) == [f for f in WALKED if not f.startswith("app/util") and not f.endswith(".txt")]
    assert files(tree, exclude=("app/*",)) == [f for f in WALKED if not f.startswith("app/")]
    recorded = {i.relpath: i.reason for i in walk(tree, exclude=("app/util", "*.txt")) if isinstance(i, Skipped)}
    assert recorded["app/util"] == "excluded by pattern 'app/util'" and recorded["data/notes.txt"] == "excluded by pattern '*.txt'"


@needs_git
def test_git_list_respects_gitignore_and_includes_untracked(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "ignored/\n*.log\n")
    write(tmp_path, "tracked.py")
    write(tmp_path, "ignored/model_loader.py")
    write(tmp_path, "debug.log")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".gitignore", "tracked.py")
    write(tmp_path, "untracked.py")
    assert git_list(tmp_path) == [".gitignore", "tracked.py", "untracked.py"]
    assert files(tmp_path) == [".gitignore", "tracked.py", "untracked.py"]
    # without git, the same tree is walked in full
    assert "ignored/model_loader.py" in files(tmp_path, use_git=False)


@needs_git
def test_tracked_but_deleted_files_are_not_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.py")
    gone = write(tmp_path, "b.py")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    gone.unlink()
    assert files(tmp_path) == ["a.py"]


@needs_git
def test_scanning_an_ignored_subfolder_falls_back_to_walking_it(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "out/\n")
    write(tmp_path, "out/gen/code.py")
    git(tmp_path, "init", "-q")
    assert files(tmp_path / "out") == ["gen/code.py"]


@needs_git
def test_nested_repositories_and_submodule_folders_are_walked(tmp_path: Path) -> None:
    write(tmp_path, "top.py")
    git(tmp_path, "init", "-q")
    nested = tmp_path / "nested"
    write(nested, "inner.py")
    git(nested, "init", "-q")
    assert files(tmp_path) == ["nested/inner.py", "top.py"]


@needs_git
def test_git_is_never_asked_to_run_repository_configured_commands(tmp_path: Path) -> None:
    marker = tmp_path.parent / f"{tmp_path.name}-pwned"
    write(tmp_path, "a.py")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "config", "core.fsmonitor", f"touch {marker}; false")
    assert files(tmp_path) == ["a.py"]
    assert not marker.exists()


def test_without_git_on_path_the_walk_still_works(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tree / "no-bin-here"))
    assert git_list(tree) is None
    assert files(tree) == WALKED


@pytest.mark.parametrize("use_git", [False, True])
def test_symlinks_are_never_followed_and_outside_links_are_reported(tmp_path: Path, use_git: bool) -> None:
    if use_git and shutil.which("git") is None:
        pytest.skip("git is not installed")
    outside = tmp_path / "outside"
    write(outside, "secret.py", "TOKEN = 1\n")
    root = tmp_path / "root"
    write(root, "real/inner.py")
    (root / "to_file").symlink_to(outside / "secret.py")
    (root / "to_dir").symlink_to(outside)
    (root / "inside_link.py").symlink_to(root / "real" / "inner.py")
    (root / "inside_dir").symlink_to(root / "real")
    (root / "loop_a").symlink_to(root / "loop_b")
    (root / "loop_b").symlink_to(root / "loop_a")
    (root / "self_dir").symlink_to(root)
    (root / "dangling").symlink_to(root / "missing")
    if use_git:
        git(root, "init", "-q")
    assert files(root) == ["real/inner.py"]
    reasons = skipped(root)
    assert reasons["to_file"].startswith("symlink to outside")
    assert reasons["to_dir"].startswith("symlink to outside")
    assert reasons["loop_a"].startswith("symlink loop") and reasons["loop_b"].startswith("symlink loop")
    assert reasons["dangling"].startswith("dangling symlink")
    assert "inside_link.py" not in reasons and "inside_dir" not in reasons and "self_dir" not in reasons


def test_fifo_is_reported_not_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no fifos here")
    write(tmp_path, "a.py")
    os.mkfifo(tmp_path / "pipe.py")
    assert files(tmp_path) == ["a.py"]
    assert "regular file" in skipped(tmp_path)["pipe.py"]


def test_unreadable_folder_is_reported_with_its_reason(tmp_path: Path) -> None:
    write(tmp_path, "ok.py")
    locked = tmp_path / "locked"
    write(locked, "hidden.py")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # running as root: permissions do not stop us, so it is simply read
            assert files(tmp_path) == ["locked/hidden.py", "ok.py"]
        else:
            assert files(tmp_path) == ["ok.py"]
            assert "cannot list folder" in skipped(tmp_path)["locked"]
    finally:
        locked.chmod(0o755)


def test_only_restricts_to_given_paths_inside_the_root_with_the_same_rules(tree: Path, tmp_path: Path) -> None:
    only = ["app/main.py", str(tree / "README.md"), "../escape.py", "/etc/passwd", "pkg.egg-info/PKG-INFO", "missing.py", "app"]
    assert files(tree, only=only) == ["README.md", "app/main.py"]
    assert list(iter_files(tree, only=("app/main.py",))) == [("app/main.py", 6)]


def test_entries_carry_the_stat_signature_the_cache_uses(tmp_path: Path) -> None:
    path = write(tmp_path, "a.py")
    (entry,) = [i for i in walk(tmp_path) if isinstance(i, WalkEntry)]
    st = path.stat()
    assert (entry.size, entry.mtime_ns, entry.ctime_ns, entry.inode) == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@needs_git
def test_a_listing_started_early_gives_the_same_walk_and_is_ignored_for_another_root(tmp_path: Path) -> None:
    from scanner.discover.walker import GitListing

    repo = tmp_path / "repo"
    write(repo, ".gitignore", "ignored/\n")
    write(repo, "tracked.py")
    write(repo, "ignored/x.py")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    write(repo, "untracked.py")
    listing = GitListing(repo)
    early = [i.relpath for i in walk(repo, listing=listing) if isinstance(i, WalkEntry)]
    assert early == [i.relpath for i in walk(repo) if isinstance(i, WalkEntry)] == [".gitignore", "tracked.py", "untracked.py"]
    other = tmp_path / "other"
    write(other, "only_here.py")
    assert [i.relpath for i in walk(other, listing=GitListing(repo)) if isinstance(i, WalkEntry)] == ["only_here.py"]
    assert GitListing(tmp_path / "not-a-repo-dir").result() is None  # git fails: the walk falls back to os.walk
