import os

from anthropic import Anthropic
from sentence_transformers import CrossEncoder, SentenceTransformer
from transformers import AutoModelForVision2Seq, pipeline

from .settings import GUARD_MODEL, RERANK_MODEL, VISION_MODEL, settings

client = Anthropic()
embedder = SentenceTransformer(settings.embedding_model)
reranker = CrossEncoder(RERANK_MODEL)
vision = AutoModelForVision2Seq.from_pretrained(VISION_MODEL)
guard = pipeline("text-classification", model=GUARD_MODEL)
translator = pipeline("translation", model=os.getenv("TRANSLATION_MODEL", "Helsinki-NLP/opus-mt-zh-en"))


def ask(q):
    return client.messages.create(model=settings.llm_model, max_tokens=300, messages=[{"role": "user", "content": q}])
