from django.conf import settings
from openai import OpenAI
from transformers import pipeline

_summarizer = None


def summarize(text: str) -> str:
    global _summarizer
    if _summarizer is None:
        _summarizer = pipeline("summarization", model=settings.SUMMARY_BACKEND)
    return _summarizer(text, max_length=120)[0]["summary_text"]


def polish(text: str) -> str:
    out = OpenAI().chat.completions.create(model=settings.OPENAI_CHAT_MODEL, messages=[{"role": "user", "content": text}])
    return out.choices[0].message.content
