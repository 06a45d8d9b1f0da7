"""Rerank retrieved passages with a small Llama model."""
from transformers import pipeline

# The reranker runs on CPU in production.
reranker = pipeline("text-generation", model="meta-llama/Llama-3.2-1B-Instruct", revision="main")


def rerank(question, passages):
    return sorted(passages, key=lambda p: -len(reranker(f"{question}\n{p}")[0]["generated_text"]))
