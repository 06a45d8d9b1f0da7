"""Read a local model folder or file for fingerprinting: config, tokenizer, card and weight headers, bounded, inside root."""

from __future__ import annotations

import json
import re
import struct
from dataclasses import field
from pathlib import Path
from typing import Any

from ..records import record
from .fingerprint import Evidence, add_config, add_gguf, add_safetensors_header, add_tokenizer_config, add_tokenizer_json_head

MAX_JSON = 4 << 20  # config.json, tokenizer_config.json (chat templates make the latter large)
MAX_TOKENIZER_HEAD = 2 << 20  # tokenizer.json is read only this far: added_tokens come first
MAX_CARD = 256 << 10
MAX_SAFETENSORS_HEADER = 16 << 20
MAX_WEIGHT_FILES = 2  # headers read per folder
MAX_LISTING = 2000  # folder entries looked at
_GGUF_KEYS = ("general.architecture", "tokenizer.ggml.", "tokenizer.chat_template")


@record(frozen=False, slots=True)
class LocalModel:
    """What a local folder or file says: the fingerprint evidence, the card's declared base and the files read."""

    evidence: Evidence = field(default_factory=Evidence)
    card_bases: tuple[str, ...] = ()
    card_name: str | None = None
    read: list[str] = field(default_factory=list)


def inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` when it stays inside root after resolving symlinks (never follows a path out of the tree)."""
    if not rel or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        return None
    try:
        base = root.resolve()
        path = (base / rel).resolve()
        path.relative_to(base)
    except (OSError, ValueError, RuntimeError):
        return None
    return path


def _regular(path: Path) -> int | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return path.stat().st_size
    except OSError:
        return None


def _read(path: Path, cap: int) -> bytes | None:
    if _regular(path) is None:
        return None
    try:
        with path.open("rb") as fh:
            return fh.read(cap)
    except OSError:
        return None


def _json(path: Path) -> dict[str, Any] | None:
    size = _regular(path)
    if size is None or size > MAX_JSON:
        return None
    data = _read(path, MAX_JSON)
    try:
        loaded = json.loads(data.decode("utf-8", "replace")) if data else None
    except (ValueError, RecursionError):
        return None
    return loaded if isinstance(loaded, dict) else None


def safetensors_header(path: Path) -> dict[str, Any] | None:
    """The JSON header of a safetensors file (8-byte length + JSON), at most MAX_SAFETENSORS_HEADER bytes."""
    head = _read(path, 8)
    if head is None or len(head) != 8:
        return None
    (n,) = struct.unpack("<Q", head)
    if not 2 <= n <= MAX_SAFETENSORS_HEADER:
        return None
    try:
        with path.open("rb") as fh:
            fh.seek(8)
            data = fh.read(n)
        loaded = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return loaded if isinstance(loaded, dict) else None


def gguf_metadata(path: Path) -> dict[str, Any]:
    """GGUF keys that fingerprint a model; the token list is counted, not kept."""
    from ..formats.gguf_fmt import MAX_KV, GGUFError, _Reader

    size = _regular(path)
    out: dict[str, Any] = {}
    if size is None:
        return out
    try:
        with path.open("rb") as fh:
            if fh.read(4) != b"GGUF":
                return out
            raw = fh.read(4).ljust(4, b"\0")
            le, be = struct.unpack("<I", raw)[0], struct.unpack(">I", raw)[0]
            endian, version = ("<", le) if 1 <= le <= 3 else (">", be)
            if version not in (1, 2, 3):
                return out
            reader = _Reader(fh, size, endian, version)
            reader.count()
            n_kv = reader.count()
            for _ in range(min(n_kv, MAX_KV)):
                key = reader.string(cap=1 << 16) or ""
                value = reader.value(reader.unpack("I"))
                if key == "tokenizer.ggml.tokens":
                    count = len(value) if isinstance(value, list) else _array_len(value)
                    if count is not None:
                        out["tokenizer.ggml.token_count"] = count
                elif key.startswith(_GGUF_KEYS):
                    out[key] = value
    except (GGUFError, struct.error, OverflowError, MemoryError, OSError):
        pass
    return out


def _array_len(value: Any) -> int | None:
    m = re.fullmatch(r"<array of (\d+)>", value) if isinstance(value, str) else None
    return int(m.group(1)) if m else None


def read_folder(root: Path, rel: str, model: LocalModel | None = None, *, weights: bool = True) -> LocalModel:
    """config.json, generation/tokenizer files, README.md card and up to two weight headers of one folder."""
    model = model or LocalModel()
    folder = inside(root, rel)
    if folder is None or not folder.is_dir():
        return model
    ev = model.evidence
    if (config := _json(folder / "config.json")) is not None:
        add_config(ev, config, f"{rel}/config.json")
        model.read.append("config.json")
    if (tok := _json(folder / "tokenizer_config.json")) is not None:
        add_tokenizer_config(ev, tok, f"{rel}/tokenizer_config.json")
        model.read.append("tokenizer_config.json")
    head = _read(folder / "tokenizer.json", MAX_TOKENIZER_HEAD)
    if head:
        add_tokenizer_json_head(ev, head.decode("utf-8", "replace"), f"{rel}/tokenizer.json")
        model.read.append("tokenizer.json")
    card = _read(folder / "README.md", MAX_CARD)
    if card:
        _card(model, card.decode("utf-8", "replace"))
        model.read.append("README.md")
    if not weights:
        return model
    try:
        names = sorted(p.name for _, p in zip(range(MAX_LISTING), folder.iterdir(), strict=False))
    except OSError:
        names = []
    chosen = [n for n in names if n.endswith(".safetensors")][:MAX_WEIGHT_FILES] + [n for n in names if n.endswith(".gguf")][:MAX_WEIGHT_FILES]
    for name in chosen:
        read_weights(root, f"{rel}/{name}", model)
    return model


def read_weights(root: Path, rel: str, model: LocalModel) -> None:
    """One weight file's header: safetensors tensor names/shapes or GGUF metadata."""
    path = inside(root, rel)
    if path is None:
        return
    if rel.endswith(".gguf"):
        kv = gguf_metadata(path)
        if kv:
            add_gguf(model.evidence, kv, rel)
            model.read.append(rel.rsplit("/", 1)[-1])
        return
    header = safetensors_header(path)
    if header is not None:
        add_safetensors_header(model.evidence, header, rel)
        model.read.append(rel.rsplit("/", 1)[-1])


def _card(model: LocalModel, text: str) -> None:
    from .hub_local import card_metadata

    meta = card_metadata(text)
    base = meta.get("base_model")
    names = [base] if isinstance(base, str) else [b for b in base if isinstance(b, str)] if isinstance(base, list) else []
    model.card_bases = tuple(n.strip()[:200] for n in names[:8] if n.strip())
    name = meta.get("model_name")
    model.card_name = name.strip()[:200] if isinstance(name, str) and name.strip() else None
