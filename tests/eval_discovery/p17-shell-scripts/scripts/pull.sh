#!/bin/sh
# fetch everything for offline use
ollama pull llama3.2:3b
ollama run qwen2.5-coder:1.5b "warm up"
modelscope download --model Qwen/Qwen2.5-Coder-7B-Instruct --local_dir ./qwen-coder
huggingface-cli download --repo-type dataset HuggingFaceFW/fineweb-edu --local-dir data/fineweb
hf download openai/whisper-large-v3 --include "*.safetensors"
docker pull ollama/ollama:0.4.1
git clone https://huggingface.co/spaces/acme/demo-space
