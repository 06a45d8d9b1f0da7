from mem0 import Memory

config = {
    "llm": {"provider": "openai", "config": {"model": "gpt-4.1-nano", "temperature": 0.1}},
    "embedder": {"provider": "ollama", "config": {"model": "nomic-embed-text:latest", "ollama_base_url": "http://localhost:11434"}},
    "vector_store": {"provider": "qdrant", "config": {"collection_name": "acme/memories", "host": "qdrant", "port": 6333}},
    "reranker": {"provider": "huggingface", "config": {"model": "BAAI/bge-reranker-base"}},
}
memory = Memory.from_config(config)
