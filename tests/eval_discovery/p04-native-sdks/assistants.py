"""Native SDKs of the big API providers."""
import anthropic
import cohere
from google import genai
from mistralai import Mistral

claude = anthropic.Anthropic()
gemini = genai.Client()
mistral = Mistral(api_key="...")
co = cohere.ClientV2()

SONNET = "claude-3-5-sonnet-20241022"


def summarise(text: str) -> str:
    msg = claude.messages.create(model=SONNET, max_tokens=512, messages=[{"role": "user", "content": text}])
    return msg.content[0].text


def haiku(text: str):
    return claude.messages.create(max_tokens=64, model="claude-3-5-haiku-latest", messages=[])


def describe(text: str):
    return gemini.models.generate_content(model="gemini-2.0-flash", contents=text)


def embed_google(text: str):
    return gemini.models.embed_content(model="models/text-embedding-004", contents=text)


def mistral_chat(text: str):
    return mistral.chat.complete(model="mistral-large-latest", messages=[{"role": "user", "content": text}])


def rerank(query, docs):
    return co.rerank(model="rerank-v3.5", query=query, documents=docs)


def cohere_chat(text):
    return co.chat(model="command-r-plus-08-2024", messages=[{"role": "user", "content": text}])
