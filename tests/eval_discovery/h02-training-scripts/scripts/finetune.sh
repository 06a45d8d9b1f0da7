#!/bin/bash
export BASE_MODEL=meta-llama/Llama-3.2-1B
DATA=yahma/alpaca-cleaned
OUT_DIR=out/llama32-alpaca
accelerate launch train.py \
    --model_name_or_path $BASE_MODEL \
    --dataset_name $DATA \
    --output_dir $OUT_DIR \
    --push_to_hub --hub_model_id acme/llama32-alpaca
torchrun --nproc_per_node 8 -m trl.scripts.sft --model_name_or_path Qwen/Qwen2.5-0.5B --dataset_name trl-lib/Capybara
