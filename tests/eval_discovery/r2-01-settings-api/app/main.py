from fastapi import Depends, FastAPI
from openai import AsyncOpenAI
from sentence_transformers import CrossEncoder, SentenceTransformer
import tiktoken

from .settings import Settings, get_settings

app = FastAPI(title="support-bot")
enc = tiktoken.get_encoding("cl100k_base")


class Models:
    def __init__(self, settings: Settings):
        self.client = AsyncOpenAI(base_url=settings.llm_base_url)
        self.embedder = SentenceTransformer(settings.embed_model_name)
        self.reranker = CrossEncoder(settings.reranker)
        self.chat_model = settings.chat_model


@app.post("/ask")
async def ask(question: str, settings: Settings = Depends(get_settings)):
    models = Models(settings)
    # Fallback summariser, small and fast: intfloat/e5-small-v2 was tried and dropped
    out = await models.client.chat.completions.create(
        model=models.chat_model,
        messages=[{"role": "user", "content": question}],
    )
    return {"answer": out.choices[0].message.content, "tokens": len(enc.encode(question))}


@app.get("/health")
def health():
    return {"model": "ok", "image": "ghcr.io/acme/support-bot:1.4.2"}
