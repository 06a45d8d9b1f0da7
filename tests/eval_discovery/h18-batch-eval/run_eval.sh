#!/usr/bin/env bash
# Evaluate every model on GSM8K and MMLU with lm-eval-harness
MODELS=(
  "Qwen/Qwen2.5-7B-Instruct"
  "google/gemma-2-9b-it"
)
for model in "${MODELS[@]}"; do
  lm_eval --model vllm --model_args "pretrained=${model},tensor_parallel_size=1" --tasks gsm8k,mmlu --output_path "results/${model//\//__}"
done
