import os
from openai import AzureOpenAI, OpenAI

from .config import get_config

cfg = get_config()
client = OpenAI(base_url=os.getenv("LLM_BASE_URL", "https://api.siliconflow.cn/v1"))


def chat(messages, model="Qwen/Qwen2.5-72B-Instruct"):
    return client.chat.completions.create(model=model, messages=messages)


def summarize(text):
    return chat([{"role": "user", "content": text}], model="deepseek-ai/DeepSeek-V2.5")


azure = AzureOpenAI(azure_endpoint="https://acme.openai.azure.com", api_version="2024-06-01")
azure.chat.completions.create(model="gpt-4o-mini-deploy", messages=[])
