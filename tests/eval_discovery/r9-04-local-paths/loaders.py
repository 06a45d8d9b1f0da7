import os
from functools import lru_cache

from transformers import AutoModel, AutoTokenizer

MODEL_ROOT = os.environ.get("MODEL_ROOT", "/models")


@lru_cache(maxsize=4)
def get_encoder(name: str = "BAAI/bge-m3"):
    return AutoModel.from_pretrained(name)


def load_local():
    path = os.path.join(MODEL_ROOT, "bert-base-chinese")
    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path)


class Reranker:
    def __init__(self, **kwargs):
        self.model_name = kwargs.get("model_name", "BAAI/bge-reranker-v2-m3")
        self.model = AutoModel.from_pretrained(self.model_name)
