"""RAG service."""
