"""Write examples/deployment/models/assistant.Q4_K_M.gguf: a tiny valid GGUF (v3) whose metadata names its base.

Run: python -m tests.formats.make_example_gguf   (the output is committed; test_example_gguf checks it is current)"""

from __future__ import annotations

from pathlib import Path

from tests.formats import builders as b

TARGET = Path(__file__).resolve().parents[2] / "examples" / "deployment" / "models" / "assistant.Q4_K_M.gguf"
CHAT_TEMPLATE = (
    "{%- for message in messages -%}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{%- endfor -%}"
    "{%- if add_generation_prompt -%}<|im_start|>assistant\n{%- endif -%}"
)
METADATA = {
    "general.architecture": "qwen2",
    "general.name": "Assistant 0.5B Instruct",
    "general.organization": "Example Corp",
    "general.finetune": "Instruct",
    "general.size_label": "0.5B",
    "general.license": "apache-2.0",
    "general.file_type": 15,
    "general.base_model.count": 1,
    "general.base_model.0.name": "Qwen2.5 0.5B Instruct",
    "general.base_model.0.organization": "Qwen",
    "general.base_model.0.repo_url": "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct",
    "general.source.repo_url": "https://huggingface.co/example-corp/assistant-0.5b-instruct-gguf",
    "qwen2.context_length": 32768,
    "tokenizer.ggml.model": "gpt2",
    "tokenizer.ggml.tokens": ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "a", "b"],
    "tokenizer.chat_template": CHAT_TEMPLATE,
}


def build() -> bytes:
    return b.gguf(METADATA, n_tensor_floats=8)


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
