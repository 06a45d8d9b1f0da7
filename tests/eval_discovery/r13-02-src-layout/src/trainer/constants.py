BASE = "HuggingFaceTB/SmolLM2-1.7B"
SFT_DATA = "HuggingFaceH4/ultrachat_200k"
OUTPUT = "checkpoints/smol-sft"
HUB_TARGET = "acme-research/smol-sft"
