from sentence_transformers import SentenceTransformer

from .defaults import DEFAULTS


class Engine:
    def __init__(self, overrides: dict | None = None) -> None:
        cfg = {**DEFAULTS, **(overrides or {})}
        self.encoder = SentenceTransformer(model_name_or_path=cfg["encoder"])
        self.top_k = cfg["top_k"]
