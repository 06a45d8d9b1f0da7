#!/usr/bin/env bash
set -euo pipefail

MODEL_REPO="${MODEL_REPO:-unsloth/Qwen3-4B-Instruct-2507-GGUF}"
QUANT=Q4_K_M
CACHE=/var/lib/models

hf download "$MODEL_REPO" --include "*${QUANT}*.gguf" --local-dir "$CACHE/qwen3"
ollama pull embeddinggemma:300m
llama-server -m "$CACHE/qwen3/Qwen3-4B-Instruct-2507-${QUANT}.gguf" --port 8081 --alias qwen3-local &
python -m mlx_lm.server --model mlx-community/Llama-3.2-3B-Instruct-4bit --port 8082 &
