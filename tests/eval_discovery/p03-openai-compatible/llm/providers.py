"""One OpenAI SDK, many providers."""
import os

from openai import AsyncOpenAI, OpenAI

deepseek = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com/v1")
kimi = OpenAI(base_url="https://api.moonshot.cn/v1", api_key=os.getenv("MOONSHOT_API_KEY"))
qwen = AsyncOpenAI(base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")
glm = OpenAI(base_url="https://open.bigmodel.cn/api/paas/v4/")
default = OpenAI()

CHAT_MODEL = os.getenv("CHAT_MODEL", "gpt-4o-mini")


def ask_deepseek(q):
    return deepseek.chat.completions.create(model="deepseek-reasoner", messages=[{"role": "user", "content": q}])


def ask_kimi(q):
    return kimi.chat.completions.create(model="moonshot-v1-32k", messages=[{"role": "user", "content": q}])


async def ask_qwen(q):
    return await qwen.chat.completions.create(model="qwen-plus", messages=[{"role": "user", "content": q}])


def ask_glm(q):
    return glm.chat.completions.create(model="glm-4-flash", messages=[])


def ask_default(q):
    return default.chat.completions.create(model=CHAT_MODEL, messages=[{"role": "user", "content": q}])


def embed(texts):
    return default.embeddings.create(model="text-embedding-3-small", input=texts)


def ask_configured(q):
    return default.chat.completions.create(model=os.environ.get("FALLBACK_MODEL"), messages=[])
