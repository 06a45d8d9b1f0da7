import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only")
INSTALLED_APPS = ["django.contrib.admin", "assistant"]

AI_ASSISTANT = {
    "PROVIDER": "openai",
    "CHAT_MODEL": "gpt-4o-2024-08-06",
    "MODERATION_MODEL": "omni-moderation-latest",
    "EMBEDDINGS": {"MODEL": "text-embedding-3-large", "DIMENSIONS": 1024},
    "CACHE_ALIAS": "assistant/default",
}
STATIC_ROOT = BASE_DIR / "static"
