from mlx_lm import generate, load
from unsloth import FastLanguageModel
from transformers import AutoModelForCausalLM

model, tokenizer = load("mlx-community/Llama-3.2-3B-Instruct-4bit")
fast, fast_tok = FastLanguageModel.from_pretrained(model_name="unsloth/Meta-Llama-3.1-8B-bnb-4bit", max_seq_length=2048, load_in_4bit=True)
bert = AutoModelForCausalLM.from_pretrained("bert-base-uncased")
sd = AutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path="EleutherAI/pythia-160m", revision="step3000")
gguf = AutoModelForCausalLM.from_pretrained("TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF", gguf_file="tinyllama-1.1b-chat-v1.0.Q6_K.gguf")
out = generate(model, tokenizer, prompt="hello", verbose=True)
