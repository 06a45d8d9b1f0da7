"""Evaluate against a European baseline model."""
from transformers import AutoModelForCausalLM

JUDGE = "mistralai/Mistral-7B-Instruct-v0.3"

judge = AutoModelForCausalLM.from_pretrained(JUDGE, revision="e0bc86c23ce5aae1db576c8cca6f06f1f73af2db")
