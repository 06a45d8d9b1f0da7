import os

from celery import Celery
from mistralai import Mistral
from sentence_transformers import SentenceTransformer
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from .config import GenerationConfig, RetrievalConfig

app = Celery("rag", broker=os.getenv("BROKER_URL", "redis://redis:6379/1"))
retrieval = RetrievalConfig()
gen = GenerationConfig()
mistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

TOXICITY = "unitary/toxic-bert"
tox_tok = AutoTokenizer.from_pretrained(TOXICITY)
tox = AutoModelForSequenceClassification.from_pretrained(TOXICITY)


@app.task(name="rag.answer")
def answer(question: str) -> str:
    embedder = SentenceTransformer(retrieval.embedder, trust_remote_code=True)
    _ = embedder.encode([question])
    res = mistral.chat.complete(model=gen.model, messages=[{"role": "user", "content": question}])
    return res.choices[0].message.content
