from haystack import Pipeline
from haystack.components.builders import PromptBuilder
from haystack.components.embedders import SentenceTransformersTextEmbedder
from haystack.components.generators import HuggingFaceAPIGenerator, OpenAIGenerator
from haystack.components.rankers import TransformersSimilarityRanker
from haystack.utils import Secret
from haystack_integrations.components.retrievers.qdrant import QdrantEmbeddingRetriever

TEMPLATE = "Answer using {{documents}}: {{question}}"


def build(store, local: bool = False) -> Pipeline:
    p = Pipeline()
    p.add_component("embedder", SentenceTransformersTextEmbedder(model="sentence-transformers/all-mpnet-base-v2"))
    p.add_component("retriever", QdrantEmbeddingRetriever(document_store=store, top_k=20))
    p.add_component("ranker", TransformersSimilarityRanker(model="BAAI/bge-reranker-base", top_k=5))
    p.add_component("prompt", PromptBuilder(template=TEMPLATE))
    if local:
        llm = HuggingFaceAPIGenerator(
            api_type="serverless_inference_api",
            api_params={"model": "HuggingFaceH4/zephyr-7b-beta"},
            token=Secret.from_env_var("HF_TOKEN"),
        )
    else:
        llm = OpenAIGenerator(model="gpt-4o", generation_kwargs={"temperature": 0})
    p.add_component("llm", llm)
    p.connect("embedder.embedding", "retriever.query_embedding")
    p.connect("retriever", "ranker")
    p.connect("ranker", "prompt.documents")
    p.connect("prompt", "llm")
    return p
