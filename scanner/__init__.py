"""aiscan: supply-chain risk scanner for AI dependencies (models, model files, AI SDKs)."""

__version__ = "0.1.0"
