"""Dependency files: requirements includes, pyproject flavours, setup.py/cfg, Pipfile, conda, lock files."""

from __future__ import annotations

from pathlib import Path

from .helpers import scan


def pkgs(refs):  # type: ignore[no-untyped-def]
    return {(r.identifier, r.specifier, r.revision == "pinned", r.location.path) for r in refs if r.kind.value == "package"}


def test_requirements_includes_and_pyproject(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "requirements.txt": "-r base.in\ntransformers==4.46.3\n",
        "base.in": "torch>=2.4\n",
        "pyproject.toml": '[project]\ndependencies = ["openai~=1.55"]\n[dependency-groups]\nlocal = ["vllm==0.6.3"]\n'
                          '[tool.pdm.dev-dependencies]\nev = ["ragas"]\n[tool.poetry.dependencies]\npython = "^3.11"\nlangchain = "^0.3"\n',
    })
    assert pkgs(refs) == {
        ("transformers", "==4.46.3", True, "requirements.txt"), ("torch", ">=2.4", False, "base.in"),
        ("openai", "~=1.55", False, "pyproject.toml"), ("vllm", "==0.6.3", True, "pyproject.toml"),
        ("ragas", "", False, "pyproject.toml"), ("langchain", ">=0.3", False, "pyproject.toml"),
    }


def test_setup_files_pipfile_conda_and_locks(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "setup.py": 'from setuptools import setup\nREQ = ["diffusers>=0.31"]\nsetup(name="x", install_requires=REQ + ["timm==1.0.11"])\n',
        "setup.cfg": "[options]\ninstall_requires =\n    llama-cpp-python>=0.3\n",
        "Pipfile": '[packages]\ndashscope = "==1.20.13"\nzhipuai = "*"\n',
        "Pipfile.lock": '{"default": {"anthropic": {"version": "==0.40.0"}}, "develop": {}}',
        "environment.yml": "dependencies:\n  - pytorch=2.5.1\n  - pip\n  - pip:\n    - accelerate>=1.1\n",
        "uv.lock": 'version = 1\n[[package]]\nname = "tiktoken"\nversion = "0.8.0"\n',
    })
    assert pkgs(refs) == {
        ("diffusers", ">=0.31", False, "setup.py"), ("timm", "==1.0.11", True, "setup.py"),
        ("llama-cpp-python", ">=0.3", False, "setup.cfg"), ("dashscope", "==1.20.13", True, "Pipfile"),
        ("zhipuai", "", False, "Pipfile"), ("anthropic", "==0.40.0", True, "Pipfile.lock"),
        ("torch", "==2.5.1", True, "environment.yml"), ("accelerate", ">=1.1", False, "environment.yml"),
        ("tiktoken", "==0.8.0", True, "uv.lock"),
    }
