import torch
from peft import AutoPeftModelForCausalLM, PeftModel
from transformers import AutoModelForCausalLM

BASE = "huggyllama/llama-7b"

base = AutoModelForCausalLM.from_pretrained(BASE, torch_dtype=torch.float16)
model = PeftModel.from_pretrained(base, "tloen/alpaca-lora-7b")
merged = model.merge_and_unload()
merged.save_pretrained("merged/alpaca-7b")
merged.push_to_hub("acme-ai/alpaca-7b-merged")

small = AutoPeftModelForCausalLM.from_pretrained("ybelkada/opt-350m-lora", device_map="auto")
