#!/usr/bin/env bash
set -euo pipefail
# Pull the models the stack needs before the containers start.
ollama pull gemma2:9b
huggingface-cli download google/gemma-2-9b-it --local-dir ./models/gemma
