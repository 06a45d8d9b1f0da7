from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetrievalConfig:
    embedder: str = "Snowflake/snowflake-arctic-embed-m-v1.5"
    reranker_id: str = "mixedbread-ai/mxbai-rerank-base-v1"
    top_k: int = 8
    index_path: str = "indexes/acme/prod"


@dataclass
class GenerationConfig:
    provider: str = "mistral"
    model: str = "mistral-small-latest"
    fallback_models: list[str] = field(default_factory=lambda: ["open-mistral-nemo", "ministral-8b-latest"])
    temperature: float = 0.3
