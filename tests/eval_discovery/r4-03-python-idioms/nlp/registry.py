from __future__ import annotations

import enum
from functools import partial
from typing import Final

from sentence_transformers import SentenceTransformer
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, pipeline

DEFAULT_TRANSLATOR: Final = "facebook/nllb-200-distilled-600M"


class Task(enum.StrEnum):
    SENTIMENT = "sentiment"
    ZERO_SHOT = "zero-shot"


def load(task: Task):
    match task:
        case Task.SENTIMENT:
            return pipeline("sentiment-analysis", model="cardiffnlp/twitter-roberta-base-sentiment-latest")
        case Task.ZERO_SHOT:
            return pipeline(task="zero-shot-classification", model="MoritzLaurer/deberta-v3-large-zeroshot-v2.0")


load_translator = partial(AutoModelForSeq2SeqLM.from_pretrained, DEFAULT_TRANSLATOR)
tokenizer = AutoTokenizer.from_pretrained(pretrained_model_name_or_path=DEFAULT_TRANSLATOR, src_lang="eng_Latn")
embedder = SentenceTransformer(model_name_or_path="nomic-ai/modernbert-embed-base", truncate_dim=256)
