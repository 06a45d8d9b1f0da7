"""Serving: multilingual answers with Aya, reranking with a BGE reranker."""
from sentence_transformers import CrossEncoder
from transformers import pipeline

generator = pipeline("text-generation", model="CohereLabs/aya-expanse-8b")
reranker = CrossEncoder("BAAI/bge-reranker-v2-m3")  # aiscan: ignore
