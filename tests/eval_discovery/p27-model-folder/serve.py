from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("./models/support-bot")
