from vllm import LLM, SamplingParams

llm = LLM(model="Qwen/Qwen2.5-1.5B-Instruct", tokenizer_mode="auto", max_model_len=4096)
params = SamplingParams(temperature=0.7, max_tokens=256)
outputs = llm.generate(["Hello"], params)
