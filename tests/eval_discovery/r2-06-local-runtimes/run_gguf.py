from huggingface_hub import hf_hub_download
from llama_cpp import Llama

chat = Llama.from_pretrained(
    repo_id="bartowski/Llama-3.2-3B-Instruct-GGUF",
    filename="*Q4_K_M.gguf",
    n_ctx=8192,
)

path = hf_hub_download(
    repo_id="TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
    filename="mistral-7b-instruct-v0.2.Q4_K_M.gguf",
    local_dir="models/gguf",
)
mistral = Llama(model_path=path, n_gpu_layers=-1)
