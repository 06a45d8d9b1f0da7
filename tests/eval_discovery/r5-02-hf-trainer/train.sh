#!/bin/bash
python run_classification.py \
  --model_name_or_path answerdotai/ModernBERT-base \
  --dataset_name stanfordnlp/imdb \
  --output_dir out/modernbert-imdb \
  --push_to_hub --hub_model_id acme/modernbert-imdb
