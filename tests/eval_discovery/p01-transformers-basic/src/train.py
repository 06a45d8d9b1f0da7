"""Fine-tune a small causal LM with LoRA and push the adapter."""
import os

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

BASE = "meta-llama/Llama-3.1-8B"
ORG = "mistralai"
DRAFT = f"{ORG}/Mistral-7B-v0.3"
OUTPUT_DIR = "acme-labs/llama-support-lora"  # where the adapter is pushed, not a dependency


def build():
    tok = AutoTokenizer.from_pretrained(BASE, revision="a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
    model = AutoModelForCausalLM.from_pretrained(BASE, torch_dtype="auto")
    model = get_peft_model(model, LoraConfig(r=16))
    args = TrainingArguments(output_dir=OUTPUT_DIR, push_to_hub=True, hub_model_id=OUTPUT_DIR)
    return Trainer(model=model, args=args, tokenizer=tok)


def load_adapter():
    base = AutoModelForCausalLM.from_pretrained(DRAFT)
    return PeftModel.from_pretrained(base, "predibase/customer_support")


def save(model):
    model.save_pretrained("checkpoints/final")
    model.push_to_hub("acme-labs/llama-support-merged")
