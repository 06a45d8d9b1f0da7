"""Service settings (read from the environment / .env)."""
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="SUPPORT_")

    app_name: str = "acme/support-bot"
    llm_base_url: str = "https://api.deepseek.com"
    chat_model: str = "deepseek-chat"
    embed_model_name: str = "BAAI/bge-small-en-v1.5"
    reranker: str = Field(default="cross-encoder/ms-marco-MiniLM-L-6-v2", description="cross-encoder used to rerank hits")
    redis_url: str = "redis://cache:6379/0"
    collection: str = "support/tickets"


@lru_cache
def get_settings() -> Settings:
    return Settings()
