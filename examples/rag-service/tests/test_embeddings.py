from sentence_transformers import SentenceTransformer


def test_tiny_embedder():
    model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
    assert model.encode(["hi"]).shape[1] == 384
