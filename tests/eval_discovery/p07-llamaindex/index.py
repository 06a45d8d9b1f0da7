from llama_index.core import Settings, VectorStoreIndex
from llama_index.core.embeddings import resolve_embed_model
from llama_index.llms.huggingface import HuggingFaceLLM
from llama_index.llms.ollama import Ollama
from llama_index.llms.openai import OpenAI
from llama_index.llms.openai_like import OpenAILike
from llama_index.embeddings.openai import OpenAIEmbedding

Settings.llm = OpenAI(model="gpt-4o-mini", temperature=0.1)
Settings.embed_model = OpenAIEmbedding(model="text-embedding-3-small")
local_embed = resolve_embed_model("local:BAAI/bge-base-en-v1.5")
ollama_llm = Ollama(model="mistral:7b-instruct", request_timeout=120.0)
hf_llm = HuggingFaceLLM(
    model_name="Qwen/Qwen2.5-1.5B-Instruct",
    tokenizer_name="Qwen/Qwen2.5-1.5B-Instruct",
    context_window=4096,
)
yi = OpenAILike(model="yi-large", api_base="https://api.lingyiwanwu.com/v1", is_chat_model=True)
