"""Everyday formats read with the ecosystem's parsers: pip's requirements grammar, python-dotenv, gitwildmatch globs,
aiscan's own reports skipped, package build variants resolved to their base."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.discover.ownreport import own_report
from scanner.discover.reqfile import MAX_DEPTH
from scanner.pathglob import any_match, path_matches
from scanner.resolve.variants import package_entry, variant_base

from .helpers import keys, scan

PIP_COMPILE = """\
#
# pip-compile --generate-hashes
#
--index-url https://pypi.org/simple
torch==2.3.0 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
    # via -r requirements.in
transformers>=4.40 ; python_version >= "3.9"  # a comment
-e git+https://github.com/org/peft.git#egg=peft
./local/pkg
vllm[all]
"""


def test_pip_compile_hash_continuations_markers_and_options(tmp_path: Path) -> None:
    refs = [r for r in scan(tmp_path, {"requirements.txt": PIP_COMPILE}) if r.kind.value == "package"]
    got = {(r.identifier, r.specifier, r.revision, r.location.line) for r in refs}
    assert ("torch", "==2.3.0", "pinned", 5) in got
    assert ("transformers", ">=4.40", None, 9) in got
    assert ("vllm", "", None, 12) in got
    assert {r.identifier for r in refs} == {"torch", "transformers", "peft", "vllm"}  # the editable is never "pinned"
    assert next(r for r in refs if r.identifier == "peft").revision is None


def test_includes_bounded_and_inside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (tmp_path / "outside.in").write_text("leaked-package==1.0\n", encoding="utf-8")
    files = {"requirements.txt": "-r base.in\n-c ../outside.in\n-r https://example.com/r.txt\n-r a.in\nfoo==1\n",
             "base.in": "-r lvl1.in\naccelerate>=1.0\n", "a.in": "-r b.in\nin-a==1\n", "b.in": "-r a.in\nin-b==1\n"}
    for i in range(1, MAX_DEPTH + 3):
        files[f"lvl{i}.in"] = f"-r lvl{i + 1}.in\npkg-lvl{i}==1\n"
    refs = [r for r in scan(root, {"requirements.txt": files["requirements.txt"]} | {k: v for k, v in files.items()})
            if r.kind.value == "package" and r.detector == "requirements"]
    from_root = {(r.identifier, r.location.path) for r in refs}
    assert ("accelerate", "base.in") in from_root and ("in-a", "a.in") in from_root and ("in-b", "b.in") in from_root
    assert not any(name == "leaked-package" for name, _ in from_root)  # ../outside.in leaves the root: never read
    # requirements.txt (0) -> base.in (1) -> lvl1 (2) ... lvl4 (5): deeper files are not followed from the root
    assert ("pkg-lvl4", "lvl4.in") in from_root and ("pkg-lvl5", "lvl5.in") not in from_root


def test_dotenv_comment_after_value_and_quotes(tmp_path: Path) -> None:
    refs = scan(tmp_path, {".env": 'export EMBEDDING_MODEL="BAAI/bge-m3"   # multilingual\nLLM_MODEL=Qwen/Qwen2.5-7B-Instruct # chat\n'
                                   "BAD LINE WITHOUT EQUALS\nOLLAMA_MODEL='qwen2.5:7b'\n"})
    got = {(r.kind.value, r.identifier, r.location.line) for r in refs}
    assert ("hf-model", "BAAI/bge-m3", 1) in got
    assert ("hf-model", "Qwen/Qwen2.5-7B-Instruct", 2) in got
    assert ("ollama", "qwen2.5:7b", 4) in got


def test_an_oversized_env_file_is_read_line_by_line(tmp_path: Path) -> None:
    from scanner.discover.configs import DOTENV_MAX

    padding = "".join(f"PAD_{i}=value number {i}\n" for i in range(DOTENV_MAX // 20))
    refs = scan(tmp_path, {".env": padding + 'export LLM_MODEL="Qwen/Qwen2.5-7B-Instruct"  # chat\n'})
    assert len(padding) > DOTENV_MAX
    assert [(r.identifier, r.location.line) for r in refs] == [("Qwen/Qwen2.5-7B-Instruct", DOTENV_MAX // 20 + 1)]


def test_one_glob_dialect_gitwildmatch() -> None:
    assert path_matches("a/build/x.py", "build")  # no slash: any depth, and everything under a matched folder
    assert path_matches("vendor/a.py", "./vendor")
    assert not path_matches("x/y/z.py", "x/*.py")  # * stays within one folder
    assert path_matches("src/a/b/gen_1.py", "src/**/gen_*.py")
    assert not path_matches("a/x.py", "/x.py")  # a leading slash anchors at the root
    assert not any_match("tests/keep.py", ("tests/", "!tests/keep.py"))  # a later negation re-includes
    assert not path_matches("a.py", "[")  # a malformed pattern matches nothing


def test_walker_exclude_and_policy_paths_agree(tmp_path: Path) -> None:
    from scanner.discover.walker import iter_files

    for rel in ("src/app.py", "src/gen/x.py", "docs/a.md", "a/docs/b.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    patterns = ("src/*/", "docs")
    walked = {rel for rel, _ in iter_files(tmp_path, exclude=patterns)}
    assert walked == {rel for rel in ("src/app.py", "src/gen/x.py", "docs/a.md", "a/docs/b.md") if not any_match(rel, patterns)}
    assert walked == {"src/app.py"}


def test_own_reports_recognised(tmp_path: Path) -> None:
    json_report = json.dumps({"schema_version": "1.0", "tool": {"name": "aiscan", "version": "0.1.0"},
                              "references": [{"kind": "hf-model", "id": "Qwen/Qwen2-7B"}]}, indent=2)
    sarif = json.dumps({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "aiscan"}}}]}, indent=2)
    cdx = json.dumps({"bomFormat": "CycloneDX", "metadata": {"tools": {"components": [{"type": "application", "name": "aiscan"}]}}})
    other = json.dumps({"tool": {"name": "other"}, "schema_version": "1", "model": "Qwen/Qwen2-7B"})
    assert own_report("r.json", json_report.encode()) == "JSON report"
    assert own_report("r.sarif", sarif.encode()) == "SARIF report"
    assert own_report("bom.cdx.json", cdx.encode()) == "CycloneDX report"
    assert own_report("cfg.json", other.encode()) is None
    assert own_report("r.yaml", json_report.encode()) is None


def test_own_report_skipped_by_the_engine(tmp_path: Path) -> None:
    from scanner.discover.engine import scan_one
    from scanner.discover.walker import iter_files

    (tmp_path / "aiscan-report.json").write_text(json.dumps({"schema_version": "1.0", "tool": {"name": "aiscan"},
                                                              "config": {"model": "Qwen/Qwen2-7B"}}), encoding="utf-8")
    (tmp_path / "settings.json").write_text(json.dumps({"model": "Qwen/Qwen2-7B"}), encoding="utf-8")
    results = {}
    for rel, size in iter_files(tmp_path):
        from scanner.discover.walker import WalkEntry

        out = scan_one(tmp_path, WalkEntry(rel, size, 0, 0, 0), max_file_size=10**6, want_digest=False)
        results[rel] = out.result
    skipped = results["aiscan-report.json"]
    assert skipped is not None and not skipped.references and "skipped: aiscan's own JSON report" in skipped.errors[0].message
    assert results["settings.json"] is not None and keys(list(results["settings.json"].references)) == {("hf-model", "Qwen/Qwen2-7B")}


def test_package_variants_resolve_to_their_base() -> None:
    registry = {"paddlepaddle": "Baidu", "faiss-cpu": "Meta (cpu entry)", "opencv-python": "OpenCV", "cupy": "Preferred Networks"}
    assert package_entry(registry, "paddlepaddle-gpu") == "Baidu"
    assert package_entry(registry, "faiss-cpu") == "Meta (cpu entry)"  # an exact entry wins
    assert package_entry(registry, "opencv-python-headless") == "OpenCV"
    assert package_entry(registry, "cupy-cuda12x") == "Preferred Networks"
    assert variant_base("torch-nightly-cu121") == "torch"
    assert package_entry(registry, "paddle") is None and variant_base("gpu") is None


def test_paddlepaddle_gpu_is_baidus_paddlepaddle(tmp_path: Path) -> None:
    from scanner.resolve import load_registry

    registry = load_registry()
    entry = package_entry(registry.packages, "paddlepaddle-gpu")
    assert entry is not None and entry.developer == "Baidu" and entry.country == "CN"
