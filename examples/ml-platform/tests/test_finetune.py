"""Smoke test with a tiny model."""
from transformers import AutoModelForCausalLM


def test_tiny_model_loads():
    model = AutoModelForCausalLM.from_pretrained("sshleifer/tiny-gpt2")
    assert model is not None
