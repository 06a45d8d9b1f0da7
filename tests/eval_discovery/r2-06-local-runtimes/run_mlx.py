from mlx_lm import generate, load

model, tokenizer = load("mlx-community/Qwen2.5-7B-Instruct-4bit")
print(generate(model, tokenizer, prompt="hello", max_tokens=64))
