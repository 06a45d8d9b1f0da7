#!/usr/bin/env bash
export WANDB_PROJECT=tulu-sft
accelerate launch --config_file configs/ds_zero3.yaml --num_processes 8 \
    open_instruct/finetune.py \
    --model_name_or_path allenai/OLMo-2-1124-7B \
    --tokenizer_name allenai/OLMo-2-1124-7B \
    --dataset_mixer_list allenai/tulu-3-sft-mixture 1.0 \
    --output_dir output/olmo2-sft
torchrun --nproc_per_node 4 -m trl.scripts.dpo --model_name_or_path Qwen/Qwen2-0.5B-Instruct --dataset_name trl-lib/ultrafeedback_binarized
deepspeed --num_gpus 2 train_rm.py --model EleutherAI/pythia-410m --deepspeed configs/ds.json
