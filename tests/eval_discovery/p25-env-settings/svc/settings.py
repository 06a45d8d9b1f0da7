"""Service settings from the environment."""
import os

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    llm_model: str = "claude-3-5-sonnet-20241022"
    embedding_model: str = "BAAI/bge-base-zh-v1.5"
    request_timeout: int = 30
    base_url: str = "https://api.anthropic.com"


settings = Settings()

RERANK_MODEL = os.getenv("RERANK_MODEL", "BAAI/bge-reranker-base")
VISION_MODEL = os.environ.get("VISION_MODEL") or "llava-hf/llava-1.5-7b-hf"
GUARD_MODEL = os.environ["GUARD_MODEL"]
SUMMARY_MODEL = os.getenv("SUMMARY_MODEL")
