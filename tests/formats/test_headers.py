"""safetensors / GGUF: metadata normalised for the resolver, reads bounded whatever the file size."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from scanner.formats import inspect_path
from scanner.formats.base import Scan
from scanner.formats.chat_template import analyse
from scanner.formats.gguf_fmt import scan as scan_gguf
from scanner.formats.safetensors_fmt import scan as scan_safetensors
from tests.formats import builders as b


class CountingReader(io.BytesIO):
    """Counts the bytes actually read (seeks are free), to prove O(header) reads."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.read_bytes = 0

    def read(self, n: int | None = -1) -> bytes:  # type: ignore[override]
        out = super().read(n)
        self.read_bytes += len(out)
        return out


def test_safetensors_reads_only_the_header() -> None:
    data_len = 8 << 20
    blob = b.safetensors(
        {"w": ("F32", [data_len // 4], (0, data_len))}, b"\x00" * data_len, {"modelspec.author": "Acme", "base_model": "meta-llama/Llama-3.1-8B"}
    )
    handle = CountingReader(blob)
    scan = Scan(path="m.safetensors", format="safetensors")
    scan_safetensors(handle, len(blob), "m.safetensors", scan)
    assert handle.read_bytes < 4096
    assert scan.verdict == "safe"
    assert scan.metadata["organization"] == "Acme"
    assert scan.metadata["base_models"] == ["meta-llama/Llama-3.1-8B"]


def test_safetensors_offsets_must_cover_data() -> None:
    blob = b.safetensors({"w": ("F32", [2], (0, 8))}, b"\x00" * 12)
    scan = Scan(path="m", format="safetensors")
    scan_safetensors(io.BytesIO(blob), len(blob), "m", scan)
    assert scan.verdict == "error" and "cover" in scan.issues[0].detail


def test_gguf_metadata_and_skipped_arrays() -> None:
    kv = {
        "general.architecture": "llama",
        "general.name": "Tiny",
        "general.organization": "Acme AI",
        "general.license": "llama3.1",
        "general.base_model.count": 1,
        "general.base_model.0.name": "Llama 3.1 8B",
        "general.base_model.0.organization": "Meta Llama",
        "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Llama-3.1-8B",
        "general.source.repo_url": "https://huggingface.co/acme/tiny-gguf",
        "tokenizer.ggml.tokens": [f"tok{i}" for i in range(20000)],
    }
    blob = b.gguf(kv, n_tensor_floats=1 << 20)  # 4 MB of tensor data after a ~0.3 MB header
    handle = CountingReader(blob)
    scan = Scan(path="t.gguf", format="gguf")
    scan_gguf(handle, len(blob), "t.gguf", scan)
    meta = scan.metadata
    assert scan.verdict == "safe", scan.issues
    assert meta["organization"] == "Acme AI" and meta["license"] == "llama3.1" and meta["architecture"] == "llama"
    assert meta["hf_repo"] == "acme/tiny-gguf"
    assert meta["base_models"] == ["meta-llama/Llama-3.1-8B"]
    assert meta["base_model_details"][0]["organization"] == "Meta Llama"
    assert handle.read_bytes < 400_000  # the header (token strings are read a chunk at a time), never the tensor data


def test_gguf_big_endian_and_bad_version() -> None:
    scan = Scan(path="x", format="gguf")
    blob = b"GGUF" + struct.pack("<I", 9) + b"\x00" * 16
    scan_gguf(io.BytesIO(blob), len(blob), "x", scan)
    assert scan.verdict == "error"


def test_benign_real_world_templates_are_clean() -> None:
    llama3 = (
        "{{- bos_token }}{%- if custom_tools is defined %}{%- set tools = custom_tools %}{%- endif %}"
        "{%- if not date_string is defined %}{%- set date_string = strftime_now('%d %b %Y') %}{%- endif %}"
        "{%- for message in messages %}{%- if message['role'] not in ['user', 'assistant', 'system', 'tool'] %}"
        "{{- raise_exception('bad role') }}{%- endif %}<|start_header_id|>{{ message['role'] }}<|end_header_id|>\n\n"
        "{{- message['content'] | trim }}<|eot_id|>{%- endfor %}{%- if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{%- endif %}"
    )
    assert analyse(llama3) == []
    assert "template-ssti" in [i.code for i in analyse("{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read() }}")]


def test_ten_gigabyte_safetensors_costs_its_header(tmp_path: Path) -> None:
    path = tmp_path / "big.safetensors"
    header = b.safetensors({"w": ("F32", [10 << 28], (0, 10 << 30))}, b"")
    with open(path, "wb") as fh:
        fh.write(header)
        fh.truncate(len(header) + (10 << 30))  # sparse: 10 GB apparent size, no disk used
    result = inspect_path(path, "big.safetensors", path.stat().st_size)
    assert result is not None and result.verdict == "safe"
    assert result.sha256 is None and "sha256_skipped" in result.metadata
