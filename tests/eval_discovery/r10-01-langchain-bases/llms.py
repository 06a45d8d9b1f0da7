import os
import sys

from langchain_anthropic import ChatAnthropic
from langchain_openai import ChatOpenAI
from transformers import pipeline

ANTHROPIC_MODEL = "claude-3-5-sonnet-latest"
OPENAI_MODEL = "gpt-4o-mini"


def make_llm(provider: str):
    if provider == "anthropic":
        return ChatAnthropic(model=ANTHROPIC_MODEL)
    if provider == "deepseek":
        return ChatOpenAI(model="deepseek-reasoner", openai_api_base="https://api.deepseek.com", openai_api_key=os.environ["DEEPSEEK_API_KEY"])
    if provider == "vllm":
        return ChatOpenAI(model="meta-llama/Llama-3.1-8B-Instruct", base_url=os.environ["VLLM_URL"])
    return ChatOpenAI(model=OPENAI_MODEL)


model_id = sys.argv[1] if len(sys.argv) > 1 else "microsoft/phi-4"
local = pipeline("text-generation", model=model_id, device_map="auto")
