from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.llms.ollama import Ollama
from txtai import Embeddings

Settings.embed_model = HuggingFaceEmbedding(model_name="BAAI/bge-base-en-v1.5", cache_folder="./hf_cache")
Settings.llm = Ollama(model="llama3.1:8b", request_timeout=120.0, base_url="http://localhost:11434")

docs = SimpleDirectoryReader("./corpus").load_data()
index = VectorStoreIndex.from_documents(docs)
index.storage_context.persist(persist_dir="./storage")

semantic = Embeddings(path="sentence-transformers/nli-mpnet-base-v2", content=True)
semantic.index([(i, d.text, None) for i, d in enumerate(docs)])
semantic.save("txtai-index")
