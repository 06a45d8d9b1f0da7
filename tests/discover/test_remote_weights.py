"""Weights files downloaded at run time (``load_state_dict_from_url``, ``download_url_to_file``, ``urlretrieve``,
``wget.download``, Keras ``get_file``): the URL is a model-file dependency, its format read from the file name (a
pickle-based one is AIS-FORMAT-001), its publisher from a GitHub owner or a host only that organisation serves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.discover.classify import remote_weights


def scan(tmp_path: Path, text: str) -> dict:
    (tmp_path / "app.py").write_text(text)
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_download_calls_name_their_weights_files(tmp_path: Path) -> None:
    report = scan(tmp_path, (
        "import torch, urllib.request, wget\n"
        "import tensorflow as tf\n"
        "from torch.utils import model_zoo\n"
        "URL = 'https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov8n.pt?token=SECRET#x'\n"
        "sd = torch.hub.load_state_dict_from_url('https://download.pytorch.org/models/resnet18-f37072fd.pth')\n"
        "urllib.request.urlretrieve('https://user:pw@Example.com/models/classifier.pkl', 'clf.pkl')\n"
        "torch.hub.download_url_to_file(URL, 'y.pt')\n"
        "p = tf.keras.utils.get_file('m.h5', origin='https://storage.googleapis.com/bucket/model.h5')\n"
        "q = model_zoo.load_url(url='https://dl.fbaipublicfiles.com/detr/detr-r50-e632da11.pth')\n"
        "wget.download('https://example.com/vocab.txt')\n"
        "urllib.request.urlretrieve('https://example.com/data.csv', 'd.csv')\n"
        "torch.hub.download_url_to_file('https://huggingface.co/Qwen/Qwen2.5-0.5B/resolve/main/model.safetensors', 'm')\n"
        "torch.hub.download_url_to_file('https://huggingface.co/org/name/resolve/main/model.safetensors', 'm')\n"
    ))
    ids = {(r["kind"], r["id"]) for r in report["references"]}
    assert ids == {
        ("model-file", "https://download.pytorch.org/models/resnet18-f37072fd.pth"),
        ("model-file", "https://example.com/models/classifier.pkl"),  # no user information
        ("model-file", "https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov8n.pt"),  # no query
        ("model-file", "https://storage.googleapis.com/bucket/model.h5"),
        ("model-file", "https://dl.fbaipublicfiles.com/detr/detr-r50-e632da11.pth"),
        ("hf-model", "Qwen/Qwen2.5-0.5B"),  # a Hub URL is its repository; a placeholder's, nothing
    }
    assert "SECRET" not in json.dumps(report["models"]) and "pw@" not in json.dumps(report["models"])
    models = {m["id"]: m for m in report["models"]}
    assert models["https://download.pytorch.org/models/resnet18-f37072fd.pth"]["formats"] == ["pytorch"]
    assert models["https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov8n.pt"]["origin"]["developer"] == "Ultralytics"
    assert models["https://dl.fbaipublicfiles.com/detr/detr-r50-e632da11.pth"]["origin"]["developer"] == "Meta"
    assert models["https://storage.googleapis.com/bucket/model.h5"]["origin"]["developer"] is None  # anyone's bucket
    pickled = {f["subject"] for f in report["findings"] if f["rule_id"] == "AIS-FORMAT-001"}
    assert "https://example.com/models/classifier.pkl" in pickled
    assert "https://storage.googleapis.com/bucket/model.h5" not in pickled
    assert not any(f["rule_id"] == "AIS-CODE-003" for f in report["findings"])  # a download is not torch.hub.load


@pytest.mark.parametrize("text", [
    "https://example.com/data.csv", "ftp://example.com/model.pt", "javascript:alert(1)//x.pt", "file:///etc/model.pt",
    "https://example.com/model.pt/", "model.pt", "https://", "https://host/a.pt b",
])
def test_only_http_urls_of_weights_files_are_read(text: str) -> None:
    assert remote_weights(text) is None


def test_a_github_owner_names_the_publisher_only_when_listed(tmp_path: Path) -> None:
    report = scan(tmp_path, (
        "import torch\n"
        "torch.hub.load_state_dict_from_url('https://raw.githubusercontent.com/snakers4/silero-models/master/m.pt')\n"
        "torch.hub.load_state_dict_from_url('https://github.com/gg-hf/evil/releases/download/v1/m.pt')\n"
    ))
    models = {m["id"]: m for m in report["models"]}
    assert models["https://raw.githubusercontent.com/snakers4/silero-models/master/m.pt"]["origin"]["country"] == "RU"
    assert models["https://github.com/gg-hf/evil/releases/download/v1/m.pt"]["origin"]["developer"] is None


def test_object_store_artifacts_in_configs_and_code(tmp_path: Path) -> None:
    (tmp_path / "isvc.yaml").write_text(
        "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: iris}\nspec:\n  predictor:\n"
        "    model:\n      modelFormat: {name: sklearn}\n      storageUri: gs://kfserving-examples/models/sklearn/1.0/model\n"
        "---\nspec:\n  predictor:\n    sklearn:\n      storage-uri: 's3://bucket/iris/model.joblib?versionId=SECRET'\n"
        "---\nreport: {output: 's3://bucket/reports/summary.csv', cache_dir: 's3://bucket/cache/'}\n"
        "artifacts: {best: 'abfss://models@acct.dfs.core.windows.net/churn/model.pkl'}\n"
    )
    report = scan(tmp_path, (
        "import mlflow\n"
        "MODEL_URI = 's3://ml-artifacts/churn/model.pkl'\n"
        "a = mlflow.sklearn.load_model('runs:/abc123/model')\n"  # the tracking server's own run: not a URL
        "b = mlflow.pyfunc.load_model(model_uri='gs://bucket/registry/fraud/3')\n"
        "out_path = 's3://bucket/exports/'\n"
    ))
    ids = {(r["kind"], r["id"], r["path"]) for r in report["references"]}
    assert ids == {
        ("model-file", "gs://kfserving-examples/models/sklearn/1.0/model", "isvc.yaml"),  # storageUri: a folder counts
        ("model-file", "s3://bucket/iris/model.joblib", "isvc.yaml"),  # query dropped
        ("model-file", "abfss://models@acct.dfs.core.windows.net/churn/model.pkl", "isvc.yaml"),  # a weights file, any key
        ("model-file", "s3://ml-artifacts/churn/model.pkl", "app.py"),
        ("model-file", "gs://bucket/registry/fraud/3", "app.py"),
    }
    models = {m["id"]: m for m in report["models"]}
    assert models["s3://bucket/iris/model.joblib"]["formats"] == ["joblib"]
    assert models["s3://bucket/iris/model.joblib"]["origin"]["developer"] is None  # a bucket name proves nothing
    pickled = {f["subject"] for f in report["findings"] if f["rule_id"] == "AIS-FORMAT-001"}
    assert {"s3://bucket/iris/model.joblib", "s3://ml-artifacts/churn/model.pkl"} <= pickled


@pytest.mark.parametrize("text", ["s3://", "s3://bucket", "s3://bucket/", "s3://bucket/data.csv", "s3://bu cket/m.pt",
                                  "gs://bucket/x/model.pt/../../etc"])
def test_object_store_shapes_that_name_no_weights_file(text: str) -> None:
    assert remote_weights(text) is None


def test_weights_fetched_by_shell_and_dockerfiles(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.11\n"
        "ARG WEIGHTS=https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov10n.pt\n"
        "RUN wget -q ${WEIGHTS} -O /models/det.pt && \\\n    curl -fsSL https://example.com/install.sh | sh\n"
        "RUN curl -L -o /m/sam.pth https://dl.fbaipublicfiles.com/segment_anything/sam_vit_h_4b8939.pth\n"
        "RUN aws s3 cp s3://my-bucket/models/model.joblib /app/model.joblib && aws s3 cp s3://my-bucket/data/train.csv .\n"
        "ADD https://example.com/weights/classifier.onnx /app/\n"
        "ADD [\"https://huggingface.co/Qwen/Qwen2.5-0.5B/resolve/main/model.safetensors\", \"/app/\"]\n"
        "RUN wget $UNKNOWN_URL/model.pt\n"
    )
    (tmp_path / "get.sh").write_text("#!/bin/sh\nwget https://download.pytorch.org/models/resnet50-0676ba61.pth\n"
                                     "gsutil cp gs://bucket/ckpt/model.safetensors ./\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    report = json.loads(result.output)
    ids = {(r["kind"], r["id"], r["path"]) for r in report["references"]}
    assert ids == {
        ("model-file", "https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov10n.pt", "Dockerfile"),
        ("model-file", "https://dl.fbaipublicfiles.com/segment_anything/sam_vit_h_4b8939.pth", "Dockerfile"),
        ("model-file", "s3://my-bucket/models/model.joblib", "Dockerfile"),
        ("model-file", "https://example.com/weights/classifier.onnx", "Dockerfile"),
        ("hf-model", "Qwen/Qwen2.5-0.5B", "Dockerfile"),
        ("model-file", "https://download.pytorch.org/models/resnet50-0676ba61.pth", "get.sh"),
        ("model-file", "gs://bucket/ckpt/model.safetensors", "get.sh"),
    }
    models = {m["id"]: m for m in report["models"]}
    assert models["https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov10n.pt"]["base"]["country"] == "CN"


def test_a_hostile_command_line_is_bounded(tmp_path: Path) -> None:
    line = "wget " + " ".join(f"https://e.com/{i}.pt" for i in range(50_000))
    (tmp_path / "big.sh").write_text(line + "\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    report = json.loads(result.output)
    assert 0 < len(report["references"]) < 5_000


@pytest.mark.parametrize("name", ["run.sh", "Dockerfile"])
def test_a_command_hidden_past_the_token_bound_is_not_passed(tmp_path: Path, name: str) -> None:
    padding = " ".join("x" for _ in range(3_000))
    prefix = "RUN " if name == "Dockerfile" else ""
    (tmp_path / name).write_text(f"{prefix}echo {padding} && ollama pull deepseek-r1:7b\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    report = json.loads(result.output)
    gaps = [g for g in report["coverage"]["not_analysed"] if g["path"] == name]
    assert [g["reason"] for g in gaps] == ["token-cap"] and gaps[0]["fallback"] is True
    assert any(f["rule_id"] == "AIS-COVERAGE-001" for f in report["findings"])
    assert result.exit_code == 1


@pytest.mark.parametrize("text", ['https://e.com/a"><script>x</script>.pt', "https://e.com/a<b>.pt", "https://e.com/a\\b.pt",
                                  "s3://bucket/a\"b.pt", "https://e.com/a`b.pt"])
def test_urls_with_markup_characters_are_not_read(text: str) -> None:
    assert remote_weights(text) is None


def test_a_url_id_is_escaped_in_the_html_report(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import urllib.request\nurllib.request.urlretrieve(\"https://e.com/x'onmouseover=alert(1)&y.pt\", 'm.pt')\n")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    html = out.read_text()
    assert "x'onmouseover" not in html and "x&#39;onmouseover=alert(1)&amp;y.pt" in html


def test_model_url_slots_take_weights_urls_in_env_files_and_typescript(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MODEL_URL=https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov8n.pt\n"
                                   "LLM_BASE_URL=http://localhost:8000/v1\nMODEL_URL_DOCS=https://example.com/docs/index.html\n")
    (tmp_path / "app.ts").write_text(
        "import * as ort from 'onnxruntime-web';\n"
        "const MODEL_URL = 'https://example.com/models/yolov10n.onnx';\n"
        "const API_URL = 'https://example.com/models/other.onnx';\n"
    )
    (tmp_path / "infer.py").write_text(
        "import onnxruntime as ort\n"
        "s = ort.InferenceSession('models/classifier.onnx', providers=['CPUExecutionProvider'])\n"
        "t = ort.InferenceSession('config.json')\n"
    )
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "--format", "json"])
    ids = {(r["kind"], r["id"], r["path"]) for r in json.loads(result.output)["references"]}
    assert ids == {
        ("model-file", "https://github.com/ultralytics/assets/releases/download/v8.1.0/yolov8n.pt", ".env"),
        ("model-file", "https://example.com/models/yolov10n.onnx", "app.ts"),
        ("model-file", "models/classifier.onnx", "infer.py"),
    }


def test_a_downloaded_weights_file_is_a_distribution_reference_in_cyclonedx(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import torch\ntorch.hub.load_state_dict_from_url('https://download.pytorch.org/models/resnet18-f37072fd.pth')\n")
    out = tmp_path / "bom.cdx.json"
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--offline", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    comp = next(c for c in json.loads(out.read_text())["components"] if c.get("name", "").startswith("https://download"))
    assert comp["externalReferences"] == [{"type": "distribution", "url": "https://download.pytorch.org/models/resnet18-f37072fd.pth"}]
