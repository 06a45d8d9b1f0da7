"""Dense retrieval with a bi-encoder and a cross-encoder reranker."""
from datasets import load_dataset
from sentence_transformers import CrossEncoder, SentenceTransformer

EMBEDDER = "BAAI/bge-small-en-v1.5"
corpus = load_dataset("BeIR/scifact", "corpus", split="corpus")
queries = load_dataset(path="mteb/scifact")

encoder = SentenceTransformer(EMBEDDER, device="cpu")
reranker = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2", max_length=512)
multilingual = SentenceTransformer(model_name_or_path="intfloat/multilingual-e5-large")
