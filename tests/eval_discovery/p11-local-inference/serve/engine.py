"""Local inference engines."""
from llama_cpp import Llama
from ollama import Client
from vllm import LLM, SamplingParams

engine = LLM(model="Qwen/Qwen2.5-14B-Instruct-AWQ", quantization="awq", tensor_parallel_size=2)
coder = LLM("deepseek-ai/deepseek-coder-6.7b-instruct", trust_remote_code=True)
params = SamplingParams(temperature=0.2)

gguf = Llama(model_path="models/mistral-7b-instruct-v0.2.Q4_K_M.gguf", n_ctx=4096)
hub_gguf = Llama.from_pretrained(repo_id="bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", filename="*Q4_K_M.gguf")

client = Client(host="http://localhost:11434")


def local_chat(prompt):
    return client.chat(model="phi3:mini", messages=[{"role": "user", "content": prompt}])


def local_embed(text):
    return client.embed(model="mxbai-embed-large", input=text)
