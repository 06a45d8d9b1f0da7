#!/usr/bin/env bash
set -euo pipefail
MODEL="${MODEL:-mistralai/Mistral-Nemo-Instruct-2407}"
PORT=8000
pip install "vllm>=0.6" sglang[all]==0.3.5

vllm serve "$MODEL" --port "$PORT" --max-model-len 32768 \
  --served-model-name nemo
python -m sglang.launch_server --model-path deepseek-ai/DeepSeek-V2-Lite-Chat --trust-remote-code --port 30000
text-generation-launcher --model-id bigcode/starcoder2-15b --num-shard 2
llama-server -hf ggml-org/gemma-3-1b-it-GGUF --port 8081
llama-server -m ./gguf/phi-4-Q4_K_M.gguf --port 8082
