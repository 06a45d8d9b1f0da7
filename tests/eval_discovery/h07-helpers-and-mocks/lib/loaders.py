"""Thin wrappers the app uses everywhere."""
from transformers import AutoModelForSequenceClassification, AutoTokenizer


class Classifier:
    def __init__(self, model_id: str = "ProsusAI/finbert", revision: str | None = None):
        self.tokenizer = AutoTokenizer.from_pretrained(model_id, revision=revision)
        self.model = AutoModelForSequenceClassification.from_pretrained(model_id, revision=revision)


def toxicity():
    return Classifier("unitary/toxic-bert")


def sentiment():
    return Classifier(model_id="nlptown/bert-base-multilingual-uncased-sentiment", revision="main")
