"""Model registry for the service."""
from enum import Enum

from sentence_transformers import SentenceTransformer
from transformers import pipeline


class Embedder(str, Enum):
    SMALL = "BAAI/bge-small-en-v1.5"
    MULTILINGUAL = "intfloat/multilingual-e5-small"


DEFAULT_NER_MODEL = "dbmdz/bert-large-cased-finetuned-conll03-english"


def load_embedder(kind: Embedder = Embedder.SMALL) -> SentenceTransformer:
    return SentenceTransformer(kind.value)


def ner(model_name: str = DEFAULT_NER_MODEL):
    return pipeline("ner", model=model_name, aggregation_strategy="simple")
