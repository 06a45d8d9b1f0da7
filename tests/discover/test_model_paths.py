"""What names a local model file: not an extension alone (``EXT = ".bin"``, appended to a name) and not a glob."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover.ids import local_model_path

from .helpers import scan


@pytest.mark.parametrize("text, path", [
    (".bin", None), (".GGUF", None), ("models/.pt", None), ("*.safetensors", None), ("models/*.gguf", None),
    ("model-0000?-of-00002.safetensors", None), ("ckpt/[ab].pt", None),
    ("x.bin", "x.bin"), ("./models/ggml-base.en.bin", "models/ggml-base.en.bin"), (".cache/m.gguf", ".cache/m.gguf"),
])
def test_local_model_paths(text: str, path: str | None) -> None:
    assert local_model_path(text) == path


def test_an_extension_constant_is_not_a_model_file(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "download.go": 'package main\n\nconst srcExt = ".bin"\n\nfunc URLForModel(model string) string {\n'
                       '\tif filepath.Ext(model) != srcExt {\n\t\tmodel += srcExt\n\t}\n\treturn model\n}\n\n'
                       '',
        "load.py": 'EXT = ".gguf"\nfor f in glob.glob("*.safetensors"):\n    load_file(f)\n'
                   'Llama(model_path=name + EXT)\nLlama(model_path="weights/phi-3.gguf")\n',
    })
    ids = {r.identifier for r in refs}
    assert "weights/phi-3.gguf" in ids
    assert not ids & {".bin", ".gguf", "*.safetensors"}


@pytest.mark.parametrize("text", ["eager_test/epoch_0", "outputs2/checkpoint-500", "run/global_step100", "exp/iter_5000",
                                  "work_dirs/gaze", "experiments/llama-lora", "ckpts/sam", "pretrained_models/resnet50"])
def test_training_outputs_are_not_hub_repos(text: str) -> None:
    from scanner.discover.ids import normalise_hf

    assert normalise_hf(text) is None


@pytest.mark.parametrize("text", ["Qwen/Qwen2.5-7B", "nvidia/parakeet-tdt-0.6b-v3", "org/epoch-model", "org/step1x-edit"])
def test_hub_repos_stay_repos(text: str) -> None:
    from scanner.discover.ids import normalise_hf

    assert normalise_hf(text) == text


def test_a_compose_service_named_models_holds_settings(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"compose.yml": "services:\n  models:\n    image: ghcr.io/acme/server:1\n    platform: linux/amd64\n"
                                          "    security_opt: [no-new-privileges:true]\n    environment:\n"
                                          "      MODEL_NAME: Qwen/Qwen2.5-7B-Instruct\n",
                           "models.yaml": "models:\n  chat: qwen2.5:7b\n  vision: llava:13b\n  platform: deepseek-r1:7b\n"
                                          "  restart: always\n"})
    ids = {r.identifier for r in refs}
    assert not ids & {"linux/amd64", "no-new-privileges:true"}
    assert "Qwen/Qwen2.5-7B-Instruct" in ids  # the service's environment is still read
    # a role map keeps every role, whatever keys an attacker adds next to them (only `services:` makes a service)
    assert {"qwen2.5:7b", "llava:13b", "deepseek-r1:7b"} <= ids


def test_a_table_named_for_datasets_is_not_a_model_catalogue(tmp_path: Path) -> None:
    vtab = ", ".join(f"'vtab/{n}'" for n in ("caltech101", "cifar10", "cifar100", "dtd", "eurosat", "flowers", "pets", "svhn"))
    models = ", ".join(f"'Qwen/Qwen2.5-{n}B'" for n in (1, 3, 7, 14, 32, 72, 0.5, 1.5))
    refs = scan(tmp_path, {"builder.py": f"dataset_collection = {{'vtab': [{vtab}], 'mnist': ['mnist']}}\n"
                                         f"EVAL_DATASETS = [{vtab}]\nSUPPORTED_MODELS = [{models}]\n"
                                         f"DATASET_MODELS = ['THUDM/glm-4-9b', 'deepseek-ai/DeepSeek-V3', 'moonshotai/Kimi-K2-Instruct']\n"})
    ids = {r.identifier for r in refs}
    assert not any(i.startswith("vtab/") for i in ids)
    assert {"Qwen/Qwen2.5-7B", "deepseek-ai/DeepSeek-V3"} <= ids  # a name that says models is still a model table


def test_weights_slots_name_model_files(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"cli.py": "import argparse\nparser = argparse.ArgumentParser()\n"
                                     "parser.add_argument('--weights', nargs='+', type=str, default='yolov5s.pt')\n"
                                     "parser.add_argument('--dit-weight', default='ckpts/t2v/mp_rank_00_model_states.pt')\n"
                                     "parser.add_argument('--weight-decay', type=float, default=0.01)\n"
                                     "WEIGHTS_NAME = 'pytorch_model.bin'\nSAFE_WEIGHTS_NAME = 'model.safetensors'\n"
                                     "state = torch.load(args.dit_weight, weights_only=True)\n"})
    ids = {r.identifier for r in refs}
    assert {"yolov5s.pt", "ckpts/t2v/mp_rank_00_model_states.pt"} <= ids
    assert not ids & {"pytorch_model.bin", "model.safetensors"}
