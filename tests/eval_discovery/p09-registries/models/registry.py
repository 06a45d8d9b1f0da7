"""A registry of model ids; loaders iterate it."""
from dataclasses import dataclass, field

from sentence_transformers import SentenceTransformer
from transformers import AutoModel, AutoTokenizer, pipeline

EMBEDDERS = {
    "small": "BAAI/bge-small-zh-v1.5",
    "large": "Alibaba-NLP/gte-large-en-v1.5",
}
CLASSIFIERS = ["distilbert/distilbert-base-uncased-finetuned-sst-2-english", "cardiffnlp/twitter-roberta-base-sentiment-latest"]


def load_embedders():
    return {name: SentenceTransformer(repo) for name, repo in EMBEDDERS.items()}


def load_classifiers():
    return [pipeline("text-classification", model=m) for m in CLASSIFIERS]


class Summariser:
    checkpoint = "facebook/bart-large-cnn"

    def __init__(self):
        self.tok = AutoTokenizer.from_pretrained(self.checkpoint)


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="google/flan-t5-base")
    cache_dir: str = field(default="cache/models")


def load_encoder(name: str = "microsoft/deberta-v3-base"):
    return AutoModel.from_pretrained(name)


def _load(repo):
    return AutoModel.from_pretrained(repo)


vision = _load("google/vit-base-patch16-224")
