from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "django-insecure-change-me"
INSTALLED_APPS = ["django.contrib.admin", "summaries"]
SUMMARY_BACKEND = "facebook/bart-large-cnn"
OPENAI_CHAT_MODEL = "gpt-4o"
MEDIA_ROOT = BASE_DIR / "media"
