from sentence_transformers import CrossEncoder, SentenceTransformer

from .settings import EMBEDDER, INDEX_DIR, RERANKER_CKPT


class Retriever:
    def __init__(self) -> None:
        self.encoder = SentenceTransformer(EMBEDDER)
        self.ranker = CrossEncoder(RERANKER_CKPT, max_length=512)
        self.index_dir = INDEX_DIR
