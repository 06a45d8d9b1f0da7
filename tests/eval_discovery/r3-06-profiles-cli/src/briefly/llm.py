"""LLM profiles for the `briefly` CLI."""
import os

from langchain_huggingface import HuggingFaceEndpoint
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

PROFILES = {
    "cloud": {"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo", "base_url": "https://api.together.xyz/v1"},
    "local": {"model": "gemma3:12b"},
    "hub": {"repo_id": "HuggingFaceH4/zephyr-7b-beta"},
}


def get_llm(profile: str | None = None):
    profile = profile or os.getenv("BRIEFLY_PROFILE", "cloud")
    cfg = PROFILES[profile]
    if profile == "local":
        return ChatOllama(model=cfg["model"], temperature=0)
    if profile == "hub":
        return HuggingFaceEndpoint(repo_id=cfg["repo_id"], max_new_tokens=512)
    return ChatOpenAI(model=cfg["model"], base_url=cfg["base_url"], api_key=os.environ["TOGETHER_API_KEY"])


def summarizer():
    os.environ.setdefault("BRIEFLY_SUMMARY_MODEL", "gpt-4o-mini")
    return ChatOpenAI(model=os.environ["BRIEFLY_SUMMARY_MODEL"])
