"""torch.hub: ``torch.hub.load("owner/repo[:ref]", ...)`` imports the repository's hubconf.py from GitHub.

Every such call is a dependency (kind ``torch-hub``, resolved through the registry's ``github`` owner lists), runs
remote code (AIS-CODE-003, whatever the repository) and is unpinned unless its ref is a commit (AIS-REV-002). A
repository the scanner cannot read still raises the remote-code finding; ``source="local"`` is the project's own code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.discover.classify import torch_hub_repo
from scanner.models import RefKind
from scanner.report.cyclonedx import github_purl

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def scan(tmp_path: Path, files: dict[str, str], *extra: str) -> dict:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def refs(report: dict) -> set[tuple[str, str, str | None]]:
    return {(r["kind"], r["id"], r["revision"]) for r in report["references"]}


def rules(report: dict) -> set[tuple[str, str]]:
    return {(f["rule_id"], f["subject"]) for f in report["findings"]}


def test_every_spelling_of_a_torch_hub_call_is_a_dependency(tmp_path: Path) -> None:
    report = scan(tmp_path, {"app.py": (
        "import torch\n"
        "from torch import hub\n"
        "import torch.hub as th\n"
        "a = torch.hub.load('facebookresearch/dinov2', 'dinov2_vitb14')\n"
        "b, utils = torch.hub.load(repo_or_dir='snakers4/silero-vad', model='silero_vad', force_reload=True)\n"
        "c = hub.load(github='ultralytics/yolov5', model='yolov5s', trust_repo=True)\n"
        "d = th.load('intel-isl/MiDaS:master', 'DPT_Large')\n"
        "REPO = 'pytorch/vision:v0.10.0'\n"
        "e = torch.hub.load(REPO, 'resnet18', weights=None)\n"
        "print(torch.hub.list('NVIDIA/DeepLearningExamples:torchhub'))\n"
        "print(torch.hub.help('ultralytics/yolov5.git', 'yolov5s'))\n"
    )})
    assert refs(report) == {
        ("torch-hub", "facebookresearch/dinov2", None), ("torch-hub", "snakers4/silero-vad", None),
        ("torch-hub", "ultralytics/yolov5", None), ("torch-hub", "intel-isl/MiDaS", "master"),
        ("torch-hub", "pytorch/vision", "v0.10.0"), ("torch-hub", "NVIDIA/DeepLearningExamples", "torchhub"),
    }
    assert all(r["trust_remote_code"] and r["detector"].startswith("python:torch.hub.") for r in report["references"])
    code = {s for rule, s in rules(report) if rule == "AIS-CODE-003"}
    assert code == {r[1] for r in refs(report)}
    assert not any(rule == "AIS-CODE-001" for rule, _ in rules(report))  # said once, in torch.hub's words


def test_owners_resolve_only_through_listed_github_owners(tmp_path: Path) -> None:
    report = scan(tmp_path, {"m.py": (
        "import torch\n"
        "torch.hub.load('facebookresearch/dinov2', 'dinov2_vits14')\n"
        "torch.hub.load('snakers4/silero-models', 'silero_tts', language='ru', speaker='v4_ru')\n"
        "torch.hub.load('QwenLM/some-hub-repo', 'x')\n"
        # gg-hf is a Google namespace on the Hugging Face Hub, not a listed GitHub owner: whoever holds it on GitHub
        # is not Google
        "torch.hub.load('gg-hf/evil', 'x')\n"
    )})
    models = {m["id"]: m for m in report["models"]}
    assert models["facebookresearch/dinov2"]["origin"]["developer"] == "Meta"
    assert models["snakers4/silero-models"]["origin"]["country"] == "RU"
    assert models["QwenLM/some-hub-repo"]["origin"]["country"] == "CN"
    assert models["gg-hf/evil"]["origin"]["developer"] is None
    assert models["gg-hf/evil"]["unresolved_reason"]
    assert ("AIS-ORIGIN-001", "snakers4/silero-models") in rules(report)
    assert ("AIS-CODE-003", "gg-hf/evil") in rules(report)  # unknown owner: its code still runs


def test_pinning_to_a_commit_clears_only_the_revision_rule(tmp_path: Path) -> None:
    report = scan(tmp_path, {"pin.py": (
        "import torch\n"
        f"torch.hub.load('facebookresearch/dinov2:{COMMIT}', 'dinov2_vits14')\n"
        "torch.hub.load('ultralytics/yolov5:v7.0', 'yolov5s')\n"
    )})
    found = rules(report)
    assert ("AIS-REV-002", "ultralytics/yolov5") in found  # a tag moves
    assert ("AIS-REV-002", "facebookresearch/dinov2") not in found
    assert ("AIS-CODE-003", "facebookresearch/dinov2") in found  # pinned code still runs
    pinned = next(m for m in report["models"] if m["id"] == "facebookresearch/dinov2")
    assert pinned["pinned"] is True and pinned["revision"] == COMMIT


def test_local_source_is_the_projects_own_code_but_an_unknown_source_is_not(tmp_path: Path) -> None:
    report = scan(tmp_path, {"local.py": (
        "import sys, torch\n"
        "m = torch.hub.load('./yolov5', 'custom', path='best.pt', source='local')\n"
        "n = torch.hub.load('ultralytics/yolov5', 'custom', source=sys.argv[1])\n"
    )})
    assert refs(report) == {("torch-hub", "ultralytics/yolov5", None)}


def test_a_repository_the_scanner_cannot_read_still_runs_remote_code(tmp_path: Path) -> None:
    report = scan(tmp_path, {"cli.py": (
        "import sys, torch\n"
        "model = torch.hub.load(sys.argv[1], sys.argv[2])\n"
    )})
    slots = [r for r in report["references"] if r["kind"] == "model-slot"]
    assert slots and all(r["trust_remote_code"] for r in slots)
    assert any(rule == "AIS-CODE-003" for rule, _ in rules(report))


def test_helpers_pass_their_callers_repositories(tmp_path: Path) -> None:
    report = scan(tmp_path, {"helpers.py": (
        "import torch\n"
        "def load_hub(repo, name):\n"
        "    return torch.hub.load(repo, name, trust_repo=True)\n"
        "m = load_hub('facebookresearch/detr', 'detr_resnet50')\n"
    )})
    assert ("torch-hub", "facebookresearch/detr", None) in refs(report)


def test_other_hub_functions_and_lookalikes_are_not_torch_hub(tmp_path: Path) -> None:
    report = scan(tmp_path, {"other.py": (
        "import torch, tensorflow_hub as tfhub, mylib\n"
        "sd = torch.hub.load_state_dict_from_url('https://download.pytorch.org/models/resnet18-f37072fd.pth')\n"
        "d = torch.hub.get_dir()\n"
        "x = mylib.hub.load('facebookresearch/dinov2', 'dinov2_vitb14')\n"
        "y = tfhub.load('https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/5')\n"
    )})
    assert not [r for r in report["references"] if r["kind"] == "torch-hub"]


@pytest.mark.parametrize("text", [
    "./yolov5", "/abs/dir", "../x/y", "owner/repo/extra", "owner", "-owner/repo", "owner/..", "o" * 40 + "/r",
    "owner/repo:", "owner/re po", "owner/repo:ref with space", "https://github.com/owner/repo", "owner/repo:a:b",
])
def test_only_torch_hubs_own_repository_shape_is_read(text: str) -> None:
    assert torch_hub_repo(text) is None


def test_repository_shapes_torch_hub_reads() -> None:
    found = torch_hub_repo("NVIDIA/DeepLearningExamples:torchhub")
    assert found is not None and found.kind is RefKind.TORCH_HUB
    assert (found.identifier, found.revision) == ("NVIDIA/DeepLearningExamples", "torchhub")
    found = torch_hub_repo("ultralytics/yolov5.git")
    assert found is not None and found.identifier == "ultralytics/yolov5"


def test_reports_link_the_repository_and_escape_it(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import torch\ntorch.hub.load('facebookresearch/dinov2:main', 'dinov2_vits14')\n")
    out = tmp_path / "bom.cdx.json"
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "cyclonedx", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    bom = json.loads(out.read_text())
    comp = next(c for c in bom["components"] if c.get("name") == "facebookresearch/dinov2")
    assert comp["purl"] == "pkg:github/facebookresearch/dinov2@main"
    assert {"type": "vcs", "url": "https://github.com/facebookresearch/dinov2/tree/main"} in comp["externalReferences"]
    assert github_purl("A/B", None) == "pkg:github/a/b"
    html = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "html", "-o", str(html)])
    assert result.exit_code in (0, 1), result.output
    assert "facebookresearch/dinov2" in html.read_text()


def test_a_notebook_cell_says_it_in_torch_hubs_words_too(tmp_path: Path) -> None:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ["import torch\n", "model = torch.hub.load('ultralytics/yolov5', 'yolov5s', trust_repo=True)\n"]}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    report = scan(tmp_path, {"demo.ipynb": json.dumps(notebook)})
    assert refs(report) == {("torch-hub", "ultralytics/yolov5", None)}
    assert ("AIS-CODE-003", "ultralytics/yolov5") in rules(report)
    assert not any(rule == "AIS-CODE-001" for rule, _ in rules(report))
