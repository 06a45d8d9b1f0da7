"""Central constants for the service."""
import os

EMBEDDER = "BAAI/bge-small-en-v1.5"
RERANKER_CKPT = "cross-encoder/ms-marco-MiniLM-L-6-v2"
CHAT_MODEL = os.getenv("CHAT_MODEL", "gpt-4o-mini")
INDEX_DIR = "data/index"
COLLECTION = "docs-v2"
