"""Thin client used across Acme services."""
from __future__ import annotations

from anthropic import Anthropic
from openai import OpenAI


class ChatClient:
    DEFAULT_MODEL = "claude-3-5-sonnet-20241022"

    def __init__(self, model: str | None = None, max_tokens: int = 1024) -> None:
        self.model = model or self.DEFAULT_MODEL
        self.max_tokens = max_tokens
        self._client = Anthropic()

    @classmethod
    def fast(cls) -> "ChatClient":
        return cls(model="claude-3-5-haiku-20241022")

    def ask(self, prompt: str) -> str:
        msg = self._client.messages.create(model=self.model, max_tokens=self.max_tokens, messages=[{"role": "user", "content": prompt}])
        return msg.content[0].text


class Embedder:
    def __init__(self, model: str = "text-embedding-3-small", dims: int = 512) -> None:
        self.model, self.dims = model, dims
        self._client = OpenAI()

    def embed(self, texts: list[str]) -> list[list[float]]:
        res = self._client.embeddings.create(model=self.model, input=texts, dimensions=self.dims)
        return [d.embedding for d in res.data]
