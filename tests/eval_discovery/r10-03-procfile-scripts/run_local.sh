#!/usr/bin/env bash
export MODEL="${MODEL:-google/gemma-2-2b-it}"
export TOKENIZERS_PARALLELISM=false
python serve.py --model "$MODEL" --max-new-tokens 256
