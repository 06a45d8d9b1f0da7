import transformers as tf
from huggingface_hub import InferenceClient as IC
from huggingface_hub import hf_hub_download

GGUF = (
    ("bartowski/Llama-3.2-3B-Instruct-GGUF", "Llama-3.2-3B-Instruct-Q4_K_M.gguf"),
    ("Qwen/Qwen2.5-Coder-7B-Instruct-GGUF", "qwen2.5-coder-7b-instruct-q4_k_m.gguf"),
)

for repo, filename in GGUF:
    hf_hub_download(repo_id=repo, filename=filename)

tok = tf.AutoTokenizer.from_pretrained("answerdotai/ModernBERT-base")
client = IC(provider="together", api_key="...")
image = client.text_to_image("a cat", model="black-forest-labs/FLUX.1-dev")
