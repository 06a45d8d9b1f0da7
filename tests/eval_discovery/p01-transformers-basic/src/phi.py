from transformers import AutoModelForCausalLM, AutoConfig

config = AutoConfig.from_pretrained("microsoft/Phi-3-mini-4k-instruct", trust_remote_code=True)
assert config.model_type == "phi3"
model = AutoModelForCausalLM.from_pretrained(
    "microsoft/Phi-3-mini-4k-instruct",
    trust_remote_code=True,
)
classifier = AutoModelForCausalLM.from_pretrained("gpt2")
