DEFAULTS = {
    "encoder": "intfloat/e5-base-v2",
    "top_k": 10,
    "index_path": "var/faiss.index",
}
