"""Data pipeline. Inspired by meta-llama/Llama-2-7b-hf; see https://huggingface.co/docs/transformers.

Example:
    model = AutoModel.from_pretrained("bert-base-uncased")
"""
import os

import tiktoken
from datasets import load_dataset

ENCODING = tiktoken.get_encoding("cl100k_base")
ENC2 = tiktoken.encoding_for_model("gpt-4o")  # tokenizer lookup, not a model call
DATA = load_dataset("allenai/c4", "en", streaming=True)
TRAIN_FILES = "data/train/shard-000.jsonl"
OUTPUT_DIR = "outputs/llama-ft"
CACHE = os.path.join("models", "cache")
IMAGE = "pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime"
DOCS_URL = "https://github.com/huggingface/transformers/blob/main/README.md"
LOG_URL = "https://wandb.ai/acme/llama-ft/runs/abc123"
MODEL_TYPE = "llama"
ARCH = {"model_type": "mistral", "architectures": ["MistralForCausalLM"]}
S3_PATH = "s3://acme-models/checkpoints/run-7"
API_ROUTE = "v1/chat/completions"
CONTENT_TYPE = "application/json"


def upload(trainer):
    # TODO: try Qwen/Qwen2.5-7B-Instruct next
    trainer.save_model(OUTPUT_DIR)
    trainer.push_to_hub("acme/llama-ft-v2")
    trainer.model.save_pretrained("acme/llama-ft-v2-local")
    print("pushed to huggingface.co/acme/llama-ft-v2")
