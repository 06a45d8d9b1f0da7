"""Write the labelled fingerprint set (fingerprint_cases.yaml) as neutral-named folders, GGUF and safetensors files."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import yaml

CASES = Path(__file__).with_name("fingerprint_cases.yaml")
_LAYOUT_TENSORS = {
    "qkv_bias": ["model.layers.0.self_attn.q_proj.bias", "model.layers.0.self_attn.k_proj.bias", "model.layers.0.self_attn.v_proj.bias"],
    "qk_norm": ["model.layers.0.self_attn.q_norm.weight", "model.layers.0.self_attn.k_norm.weight"],
    "mla": ["model.layers.0.self_attn.kv_a_proj_with_mqa.weight"],
    "shared_expert": ["model.layers.1.mlp.shared_experts.gate_proj.weight"],
    "fused_qkv": ["model.layers.0.self_attn.qkv_proj.weight"],
    "sandwich_norm": ["model.layers.0.pre_feedforward_layernorm.weight"],
}


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["cases"])


def vocab_of(case: dict[str, Any]) -> int | None:
    cfg = case.get("config") or {}
    for src in (cfg, cfg.get("text_config") or {}):
        for key in ("vocab_size", "padded_vocab_size"):
            if isinstance(src.get(key), int):
                return int(src[key])
    gguf = case.get("gguf") or {}
    return gguf.get("count")


def safetensors_bytes(rows: int | None, layout: list[str]) -> bytes:
    """A valid safetensors file with zero-width tensors: real names and embedding rows, no weights."""
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    names = ["model.layers.0.self_attn.o_proj.weight", "model.norm.weight"]
    for feature in layout:
        names.extend(_LAYOUT_TENSORS[feature])
    if rows:
        header["model.embed_tokens.weight"] = {"dtype": "BF16", "shape": [rows, 0], "data_offsets": [0, 0]}
    for name in names:
        header[name] = {"dtype": "BF16", "shape": [0], "data_offsets": [0, 0]}
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw


def _gguf_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf_bytes(case: dict[str, Any]) -> bytes:
    """GGUF v3 with metadata only (no tensors): architecture, tokenizer model/pre, an empty token list of the real size."""
    g = case["gguf"]
    kv: list[bytes] = []

    def put(key: str, vtype: int, payload: bytes) -> None:
        kv.append(_gguf_string(key) + struct.pack("<I", vtype) + payload)

    put("general.architecture", 8, _gguf_string(g["arch"]))
    put("general.name", 8, _gguf_string("assistant"))
    put("tokenizer.ggml.model", 8, _gguf_string(g.get("model", "gpt2")))
    if g.get("pre"):
        put("tokenizer.ggml.pre", 8, _gguf_string(g["pre"]))
    count = int(g["count"])
    put("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, count) + struct.pack("<Q", 0) * count)
    for key in ("bos", "eos"):
        if g.get(key) is not None:
            put(f"tokenizer.ggml.{key}_token_id", 4, struct.pack("<I", int(g[key])))
    if case.get("template"):
        put("tokenizer.chat_template", 8, _gguf_string(str(case["template"])))
    return b"GGUF" + struct.pack("<IQQ", 3, 0, len(kv)) + b"".join(kv)


def _folder(path: Path, case: dict[str, Any]) -> None:
    path.mkdir(parents=True)
    (path / "config.json").write_text(json.dumps(case["config"]), encoding="utf-8")
    tokens = {int(k): str(v) for k, v in (case.get("tokens") or {}).items()}
    tok_cfg: dict[str, Any] = {"added_tokens_decoder": {str(i): {"content": t, "special": True} for i, t in sorted(tokens.items())}}
    if case.get("tokenizer_class"):
        tok_cfg["tokenizer_class"] = case["tokenizer_class"]
    if case.get("template"):
        tok_cfg["chat_template"] = case["template"]
    (path / "tokenizer_config.json").write_text(json.dumps(tok_cfg, ensure_ascii=False), encoding="utf-8")
    added = [{"id": i, "content": t, "single_word": False, "special": True} for i, t in sorted(tokens.items())]
    (path / "tokenizer.json").write_text(json.dumps({"version": "1.0", "added_tokens": added, "model": {"type": "BPE", "vocab": {}}},
                                                    ensure_ascii=False), encoding="utf-8")
    (path / "model.safetensors").write_bytes(safetensors_bytes(vocab_of(case), list(case.get("tensors") or [])))
    if case.get("card_base"):
        (path / "README.md").write_text(f"---\nbase_model: {case['card_base']}\nlicense: apache-2.0\n---\n# support assistant\n", encoding="utf-8")


def build(root: Path, cases: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Write every case in its forms under ``root``; return the labels (path, form, expected family and countries)."""
    cases = cases if cases is not None else load_cases()
    labels: list[dict[str, Any]] = []
    loads: list[str] = []
    n = 0
    for case in cases:
        for form in case.get("forms") or ["folder"]:
            n += 1
            if form == "folder":
                rel = f"models/m{n:03d}"
                _folder(root / rel, case)
                if n % 2:
                    loads.append(f'model_{n} = AutoModelForCausalLM.from_pretrained("./{rel}")')
            elif form == "gguf":
                rel = f"weights/w{n:03d}.gguf"
                (root / "weights").mkdir(exist_ok=True)
                (root / rel).write_bytes(gguf_bytes(case))
            else:
                rel = f"blobs/b{n:03d}/model.safetensors"
                (root / rel).parent.mkdir(parents=True)
                (root / rel).write_bytes(safetensors_bytes(vocab_of(case), list(case.get("tensors") or [])))
            labels.append({"case": case["id"], "form": form, "path": rel, "family": case["family"],
                           "developer": case.get("developer"), "base": case["base"]})
    (root / "app.py").write_text("from transformers import AutoModelForCausalLM\n\n" + "\n".join(loads) + "\n", encoding="utf-8")
    return labels
