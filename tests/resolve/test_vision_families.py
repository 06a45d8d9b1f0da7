"""Detection and vision models a library downloads by name: who made yolov10n.pt is not who serves it.

Ultralytics serves YOLOv8/YOLO11 (its own, AGPL-3.0) and also YOLOv10 (Tsinghua University), YOLO-World (Tencent),
RT-DETR (Baidu) and FastSAM (CASIA) under names that differ by a digit or a suffix; the families must tell them apart
without claiming a lookalike name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.resolve import load_registry


@pytest.mark.parametrize(("name", "family", "country"), [
    ("yolov8n", "yolo-ultralytics", "US"), ("yolo11n-seg", "yolo-ultralytics", "US"), ("yolov5su", "yolo-ultralytics", "US"),
    ("yolov10n", "yolov10", "CN"), ("yolov8s-world", "yolo-world", "CN"), ("yolo_world_l", "yolo-world", "CN"),
    ("rtdetr-l", "rt-detr", "CN"), ("rt-detr-resnet50", "rt-detr", "CN"), ("yolox_s", "yolox", "CN"),
    ("yolov6s", "yolov6", "CN"), ("yolov9c", "yolov7", "TW"), ("gelan-c", "yolov7", "TW"), ("yolo_nas_s", "yolo-nas", "IL"),
    ("FastSAM-s", "fastsam", "CN"), ("ch_PP-OCRv4_det", "pp-ocr", "CN"), ("keremberke/yolov8m-table-extraction", "yolo-ultralytics", "US"),
    ("detr-resnet-50", "meta", "US"),
])
def test_each_name_goes_to_its_developer(name: str, family: str, country: str) -> None:
    found = load_registry().match_name(name)
    assert found is not None and (found.base.family, found.base.country) == (family, country)


@pytest.mark.parametrize("name", ["yolov12n", "yolov80", "myyolov8", "yolov100", "tinyyolox", "smartdetr-x"])
def test_lookalike_names_are_not_claimed(name: str) -> None:
    found = load_registry().match_name(name)
    assert found is None or found.base.family not in {"yolo-ultralytics", "yolov10", "yolox", "rt-detr"}


def test_an_ultralytics_script_names_each_developer(tmp_path: Path) -> None:
    (tmp_path / "det.py").write_text(
        "from ultralytics import YOLO, RTDETR\n"
        "a = YOLO('yolov8n.pt')\nb = YOLO('yolov10n.pt')\nc = RTDETR('rtdetr-l.pt')\nd = YOLO('yolov8s-world.pt')\n"
    )
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    report = json.loads(result.output)
    origin = {m["id"]: (m["origin"]["developer"], m["base"]["country"], m["license"]["spdx"]) for m in report["models"]}
    assert origin == {
        "yolov8n.pt": ("Ultralytics", "US", "AGPL-3.0-only"),
        "yolov10n.pt": ("Tsinghua University (THU-MIG)", "CN", "AGPL-3.0-only"),
        "rtdetr-l.pt": ("Baidu", "CN", "Apache-2.0"),
        "yolov8s-world.pt": ("Tencent AI Lab", "CN", "GPL-3.0-only"),
    }
    concern = {f["subject"] for f in report["findings"] if f["rule_id"] == "AIS-ORIGIN-001"}
    assert concern == {"yolov10n.pt", "rtdetr-l.pt", "yolov8s-world.pt"}
    assert result.exit_code == 1  # high findings fail the default gate


def test_no_llm_is_suggested_for_a_detector_or_an_unknown_weights_file(tmp_path: Path) -> None:
    (tmp_path / "det.py").write_text(
        "import torch\nfrom ultralytics import YOLO\n"
        "a = YOLO('yolov10n.pt')\n"
        "b = torch.hub.load('snakers4/silero-vad', 'silero_vad')\n"
        "from transformers import AutoModel\nc = AutoModel.from_pretrained('Qwen/Qwen2.5-7B-Instruct')\n"
    )
    report = json.loads(CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"]).output)
    alternatives = {m["id"]: m["extra"].get("alternatives", []) for m in report["models"]}
    assert alternatives["yolov10n.pt"] == [] and alternatives["snakers4/silero-vad"] == []
    assert alternatives["Qwen/Qwen2.5-7B-Instruct"]  # an LLM of concern still gets trusted LLMs
