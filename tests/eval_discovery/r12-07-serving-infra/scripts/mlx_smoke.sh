#!/usr/bin/env bash
set -euo pipefail
MLX_MODEL=${MLX_MODEL:-mlx-community/Mistral-7B-Instruct-v0.3-4bit}
python -m mlx_lm.generate --model "$MLX_MODEL" --prompt "Say hi" --max-tokens 32
mlx_lm.convert --hf-path mistralai/Mistral-7B-Instruct-v0.3 -q --mlx-path ./mlx_out
