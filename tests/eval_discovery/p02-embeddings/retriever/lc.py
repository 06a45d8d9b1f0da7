from langchain_huggingface import HuggingFaceEmbeddings
from llama_index.embeddings.huggingface import HuggingFaceEmbedding

lc_embed = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
li_embed = HuggingFaceEmbedding(model_name="nomic-ai/nomic-embed-text-v1.5", trust_remote_code=True)
