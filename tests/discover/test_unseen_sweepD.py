"""Shapes found by sweeping repositories that download models at run time (issue 19, sweep D: CLIP, whisperX,
detectron2, Fooocus, insightface): each file here is a small one written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scanner.cli import main
from scanner.discover.classify import classify, hub_file_url, names_a_location, remote_weights
from scanner.models import Reference

from .helpers import scan_with_gaps

_scan = scan_with_gaps


def _ids(refs: list[Reference]) -> set[tuple[str, str]]:
    return {(r.kind.value, r.identifier) for r in refs if r.kind.value != "package"}


def _report(tmp_path: Path, files: dict[str, str]) -> dict:
    root = tmp_path / "proj"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(root), "--offline", "--format", "json", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text())


# ---- download helpers and weights URLs in code ------------------------------------------------------------------

def test_load_file_from_url_is_a_download_wherever_it_is_imported_from(tmp_path: Path) -> None:
    """basicsr's, facexlib's and the web UIs' ``load_file_from_url(url=..., model_dir=...)`` (and a project's own
    wrapper of that name) were not sinks: Fooocus's 16 Hub LoRA/inpaint files and GroundingDINO's release were missed."""
    code = ("from modules.model_loader import load_file_from_url\n"
            "from basicsr.utils.download_util import load_file_from_url as fetch\n"
            "def prepare():\n"
            "    load_file_from_url(url='https://huggingface.co/acme-lab/misc/resolve/main/inpaint_head.pth', model_dir='m',\n"
            "                       file_name='inpaint_head.pth')\n"
            "    fetch('https://github.com/someone/tool/releases/download/v0.1/net_g_400k.pth', model_dir='m')\n"
            "    load_file_from_url(url='https://example.com/changelog.html', model_dir='m')\n")
    refs, gaps = _scan(tmp_path, {"app.py": code})
    assert gaps["app.py"] == []
    assert _ids(refs) == {("hf-model", "acme-lab/misc"),
                          ("model-file", "https://github.com/someone/tool/releases/download/v0.1/net_g_400k.pth")}


def test_a_weights_url_is_a_download_under_any_name(tmp_path: Path) -> None:
    """A zoo table under a name that says nothing (``gdrive_urls = {...}``), a ``model_url`` set per branch, a test's
    expected URL, a URL split over two literals: each names a weights file, as under any key of a config file. A page
    or an archive of another kind is not one."""
    code = ("zoo_urls = {\n"
            "    'ffhq': 'http://cdn.example.net/gan/networks/gan2-ffhq-config-f.pkl',\n"
            "    'cars': 'http://cdn.example.net/gan/networks/gan2-car-config-f.pkl',\n"
            "}\n"
            "def init(kind='a'):\n"
            "    if kind == 'a':\n"
            "        model_url = 'https://github.com/someone/facelib/releases/download/v0.2.0/parsing_a.pth'\n"
            "    else:\n"
            "        model_url = 'https://github.com/someone/facelib/releases/download/v0.2.2/parsing_b.pth'\n"
            "    return model_url\n"
            "DOWNLOAD = ('https://github.com/someone/onnx-zoo/releases/download/'\n"
            "            'Models/upscaler.onnx')\n"
            "HOME = 'https://example.com/docs/index.html'\n"
            "DATA = 'https://example.com/data/archive.tar'\n")
    refs, gaps = _scan(tmp_path, {"zoo.py": code})
    assert gaps["zoo.py"] == []
    assert _ids(refs) == {
        ("model-file", "http://cdn.example.net/gan/networks/gan2-ffhq-config-f.pkl"),
        ("model-file", "http://cdn.example.net/gan/networks/gan2-car-config-f.pkl"),
        ("model-file", "https://github.com/someone/facelib/releases/download/v0.2.0/parsing_a.pth"),
        ("model-file", "https://github.com/someone/facelib/releases/download/v0.2.2/parsing_b.pth"),
        ("model-file", "https://github.com/someone/onnx-zoo/releases/download/Models/upscaler.onnx"),
    }


def test_a_parameter_typed_as_a_model_reads_its_default(tmp_path: Path) -> None:
    """whisperX's ``segmentation: PipelineModel = "pyannote/segmentation"``: the parameter's name says nothing, its
    type does (also inside ``Optional[...]``); a ``str`` parameter's Hub-shaped default is not read."""
    code = ("from typing import Optional\n"
            "from pyannote.audio.pipelines.utils import PipelineModel\n"
            "class Vad:\n"
            "    def __init__(self, segmentation: PipelineModel = 'pyannote/segmentation', title: str = 'acme/not-a-model'):\n"
            "        self.s = segmentation\n"
            "def make(enc: Optional[PipelineModel] = 'acme-lab/encoder-x'):\n"
            "    return enc\n")
    refs, gaps = _scan(tmp_path, {"vad.py": code})
    assert gaps["vad.py"] == []
    assert _ids(refs) == {("hf-model", "pyannote/segmentation"), ("hf-model", "acme-lab/encoder-x")}


# ---- labels of file tables, category paths, CDN hosts -----------------------------------------------------------

def test_a_key_over_a_file_location_is_its_label(tmp_path: Path) -> None:
    """CLIP's ``_MODELS = {"ViT-B/32": "https://.../ViT-B-32.pt"}`` made ``ViT-B/32`` a Hub model; detectron2's zoo
    ``{"COCO-Detection/faster_rcnn_R_50_C4_1x": "137257644/model_final_721ade.pkl", ...}`` made 84 of them. A key over
    a URL, a deeper path or a weights file's name is that file's label; under a known publisher it stays a repo."""
    clip = ("_MODELS = {\n"
            "    'RN50': 'https://cdn.example.com/clip/models/abc/RN50.pt',\n"
            "    'ViT-B/32': 'https://cdn.example.com/clip/models/def/ViT-B-32.pt',\n"
            "}\n"
            "CHECKPOINT_FILES = {'stabilityai/sd-turbo': 'sd_turbo.safetensors'}\n")
    zoo = "SUFFIX = {\n" + "".join(
        f"    'COCO-Detection/rcnn_R_{n}_FPN_{s}x': '1372{n}{s}/model_final_{n}{s}ab.pkl',\n" for n in (50, 101) for s in (1, 3, 9)
    ) + "".join(f"    'Misc/net_{i}_gn': 'ImageNet/{i}/R-{i}.pkl',\n" for i in range(4)) + "}\n"
    refs, gaps = _scan(tmp_path, {"clip.py": clip, "zoo.py": zoo})
    assert gaps["clip.py"] == [] and gaps["zoo.py"] == []
    assert _ids(refs) == {("model-file", "https://cdn.example.com/clip/models/abc/RN50.pt"),
                          ("model-file", "https://cdn.example.com/clip/models/def/ViT-B-32.pt"),
                          ("hf-model", "stabilityai/sd-turbo"), ("model-file", "sd_turbo.safetensors")}
    assert names_a_location("137257644/model_final_721ade.pkl") and names_a_location("a/b/c")
    assert not names_a_location("org/name") and not names_a_location("RN50")


def test_a_category_path_in_a_model_named_class_is_no_model(tmp_path: Path) -> None:
    """ComfyUI nodes (in Fooocus): ``class CheckpointLoader: CATEGORY = "advanced/loaders"`` was a Hub model (6 of
    them). An attribute not itself named for a model, in a model-named class, does not read a route-shaped value; an
    id-shaped one still counts (``class Embedder(Enum): SMALL = "org/name"``)."""
    code = ("class CheckpointLoaderSimple:\n    CATEGORY = 'advanced/loaders'\n    RETURN_TYPES = ('MODEL',)\n"
            "class ModelMergeSimple:\n    CATEGORY = 'advanced/model_merging'\n"
            "class EmbedderModel:\n    SMALL = 'BAAI/bge-small-en-v1.5'\n")
    refs, gaps = _scan(tmp_path, {"nodes.py": code})
    assert gaps["nodes.py"] == []
    assert _ids(refs) == {("hf-model", "BAAI/bge-small-en-v1.5")}


def test_another_host_of_the_hub_site_names_no_repository() -> None:
    """``https://cdn-media.huggingface.co/frpc-gradio-0.2/frpc_linux_amd64`` (Gradio's tunnel binary, fetched in a
    Dockerfile) was the model ``frpc-gradio-0.2/frpc_linux_amd64``: only the Hub's own host (or www.) names a repo."""
    assert classify("https://cdn-media.huggingface.co/frpc-gradio-0.2/frpc_linux_amd64") is None
    assert classify("https://cdn-lfs.hf.co/repos/ab/cd/0123") is None
    found = classify("https://huggingface.co/acme-lab/misc/resolve/main/x.safetensors")
    assert found is not None and found.identifier == "acme-lab/misc"
    found = classify("https://www.huggingface.co/acme-lab/misc")
    assert found is not None and found.identifier == "acme-lab/misc"


def test_a_dockerfile_fetching_a_binary_from_the_hub_cdn(tmp_path: Path) -> None:
    docker = ("FROM python:3.10\n"
              "RUN curl -fsL -o /usr/local/lib/frpc https://cdn-media.huggingface.co/frpc-gradio-0.2/frpc_linux_amd64\n")
    refs, _ = _scan(tmp_path, {"Dockerfile": docker})
    assert not [r for r in refs if r.kind.value != "package"]


# ---- config files ------------------------------------------------------------------------------------------------

def test_a_hub_weights_file_url_is_read_under_any_config_key(tmp_path: Path) -> None:
    """Fooocus presets: ``"checkpoint_downloads": {"x.safetensors": "https://huggingface.co/org/repo/resolve/main/x.safetensors"}``
    was read only when the file name said "lora" or "vae". A Hub file URL with a weights file's name is unambiguous;
    a Hub page URL under a key that names nothing is still not read."""
    preset = json.dumps({
        "checkpoint_downloads": {"juggernaut_v8.safetensors": "https://huggingface.co/acme-lab/fav_models/resolve/main/fav/juggernaut_v8.safetensors"},
        "embeddings_downloads": {},
        "homepage": "https://huggingface.co/acme-lab/landing",
    }, indent=1)
    refs, gaps = _scan(tmp_path, {"presets/default.json": preset})
    assert gaps["presets/default.json"] == []
    assert _ids(refs) == {("hf-model", "acme-lab/fav_models")}
    assert hub_file_url("https://huggingface.co/acme-lab/misc/blob/main/a/b.pth") is not None
    assert hub_file_url("https://huggingface.co/acme-lab/misc/resolve/main/README.md") is None
    assert hub_file_url("https://huggingface.co/spaces/acme-lab/demo/resolve/main/x.pth") is None


def test_detectron2_paths_are_the_download_they_name(tmp_path: Path) -> None:
    """detectron2's ``MODEL.WEIGHTS: detectron2://ImageNetPretrained/MSRA/R-50.pkl`` (135 config lines in detectron2,
    the same in every project built on it): its path handler fetches dl.fbaipublicfiles.com/detectron2/ + the path."""
    config = ('_BASE_: "../Base-RCNN-FPN.yaml"\nMODEL:\n  WEIGHTS: "detectron2://ImageNetPretrained/MSRA/R-50.pkl"\n'
              '  MASK_ON: True\nOUTPUT_DIR: "detectron2://not/a/weights/folder"\n')
    report = _report(tmp_path, {"configs/mask_rcnn.yaml": config})
    ids = {(r["kind"], r["id"]) for r in report["references"]}
    assert ids == {("model-file", "https://dl.fbaipublicfiles.com/detectron2/ImageNetPretrained/MSRA/R-50.pkl")}
    model = report["models"][0]
    assert model["origin"]["developer"] == "Meta"
    assert remote_weights("detectron2://") is None


# ---- who publishes a file ----------------------------------------------------------------------------------------

def test_publisher_hosts_and_release_owners(tmp_path: Path) -> None:
    """OpenAI's own Azure endpoints (CLIP's and Whisper's tables), OpenMMLab's download host and IDEA-Research's GitHub
    releases name their publisher; a shared host (any Azure CDN, a CloudFront distribution) names nobody."""
    code = ("URLS = [\n"
            "  'https://openaipublic.azureedge.net/clip/models/abc/RN50.pt',\n"
            "  'https://download.openmmlab.com/mmdetection/v2.0/rtmdet/rtmdet_tiny_8xb32-300e_coco.pth',\n"
            "  'https://github.com/IDEA-Research/GroundingDINO/releases/download/v0.1.0-alpha/groundingdino_swint_ogc.pth',\n"
            "  'https://someone.azureedge.net/models/RN50.pt',\n"
            "  'http://d1234abcd.cloudfront.net/networks/net-config-f.pkl',\n"
            "]\n")
    report = _report(tmp_path, {"dl.py": code})
    dev = {m["id"]: (m["origin"]["developer"], m["origin"]["country"]) for m in report["models"]}
    assert dev["https://openaipublic.azureedge.net/clip/models/abc/RN50.pt"] == ("OpenAI", "US")
    assert dev["https://download.openmmlab.com/mmdetection/v2.0/rtmdet/rtmdet_tiny_8xb32-300e_coco.pth"][1] == "CN"
    assert dev["https://github.com/IDEA-Research/GroundingDINO/releases/download/v0.1.0-alpha/groundingdino_swint_ogc.pth"][1] == "CN"
    assert dev["https://someone.azureedge.net/models/RN50.pt"] == (None, None)
    assert dev["http://d1234abcd.cloudfront.net/networks/net-config-f.pkl"] == (None, None)


def test_restoration_and_gan_families_by_file_name(tmp_path: Path) -> None:
    """GFPGAN and Real-ESRGAN (Tencent ARC Lab) and StyleGAN2/3 (NVIDIA) weights are fetched by file name from
    anyone's mirror; lookalikes (plain ESRGAN, StyleGAN-XL, StyleGAN-Human) are not claimed."""
    code = ("URLS = [\n"
            "  'https://github.com/someone/Face-Upscalers-ONNX/releases/download/Models/GFPGANv1.4.onnx',\n"
            "  'https://github.com/someone/mirror/releases/download/v0.1/RealESRGAN_x4plus.pth',\n"
            "  'http://cdn.example.net/networks/stylegan2-ffhq-config-f.pkl',\n"
            "  'http://cdn.example.net/networks/stylegan_xl_imagenet256.pkl',\n"
            "  'http://cdn.example.net/networks/stylegan_human_v2_1024.pkl',\n"
            "  'http://cdn.example.net/networks/ESRGAN_x4.pth',\n"
            "]\n")
    report = _report(tmp_path, {"dl.py": code})
    fam = {m["id"].rsplit("/", 1)[-1]: (m["family"], m["origin"]["developer"]) for m in report["models"]}
    assert fam["GFPGANv1.4.onnx"] == ("gfpgan", "Tencent ARC Lab")
    assert fam["RealESRGAN_x4plus.pth"] == ("real-esrgan", "Tencent ARC Lab")
    assert fam["stylegan2-ffhq-config-f.pkl"] == ("stylegan", "NVIDIA")
    assert fam["stylegan_xl_imagenet256.pkl"][0] is None
    assert fam["stylegan_human_v2_1024.pkl"][0] is None
    assert fam["ESRGAN_x4.pth"][0] is None
