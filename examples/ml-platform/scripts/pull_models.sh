#!/bin/sh
# Pre-fetch weights for the offline cluster.
set -e
huggingface-cli download Qwen/Qwen2.5-0.5B-Instruct  # aiscan: ignore[AIS-ORIGIN-001, AIS-REV-001] CI smoke-test model only, never shipped
huggingface-cli download mistralai/Mistral-7B-Instruct-v0.3 --revision e0bc86c23ce5aae1db576c8cca6f06f1f73af2db
