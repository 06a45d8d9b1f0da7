from functools import lru_cache
from pydantic import BaseModel


class LLMConfig(BaseModel):
    provider: str = "openai"
    chat_model: str = "gpt-4o-2024-11-20"
    embedding_model_name: str = "text-embedding-3-large"
    rerank_model_id: str = "jinaai/jina-reranker-v2-base-multilingual"


@lru_cache
def get_config() -> LLMConfig:
    return LLMConfig()
