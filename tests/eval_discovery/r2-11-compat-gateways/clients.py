import os

from groq import Groq
from openai import OpenAI
from together import Together

DASHSCOPE_BASE = "https://dashscope.aliyuncs.com/compatible-mode/v1"
qwen = OpenAI(api_key=os.environ["DASHSCOPE_API_KEY"], base_url=DASHSCOPE_BASE)
QWEN_MODEL = os.getenv("QWEN_MODEL", "qwen-max-latest")

router = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ.get("OPENROUTER_API_KEY"))
FALLBACKS = ["deepseek/deepseek-r1", "qwen/qwen-2.5-72b-instruct"]

fireworks = OpenAI(base_url="https://api.fireworks.ai/inference/v1", api_key=os.environ["FIREWORKS_API_KEY"])


def ask_qwen(q: str) -> str:
    r = qwen.chat.completions.create(model=QWEN_MODEL, messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content


def ask_router(q: str) -> str:
    for name in FALLBACKS:
        try:
            r = router.chat.completions.create(
                model=name,
                messages=[{"role": "user", "content": q}],
                extra_headers={"HTTP-Referer": "https://acme.dev", "X-Title": "acme/assistant"},
            )
            return r.choices[0].message.content
        except Exception:
            continue
    raise RuntimeError("all fallbacks failed")


def ask_fireworks(q: str) -> str:
    return fireworks.chat.completions.create(
        model="accounts/fireworks/models/llama-v3p1-70b-instruct", messages=[{"role": "user", "content": q}]
    ).choices[0].message.content


def ask_groq(q: str) -> str:
    return Groq().chat.completions.create(model="llama-3.3-70b-versatile", messages=[{"role": "user", "content": q}])


def ask_together(q: str) -> str:
    return Together().chat.completions.create(model="meta-llama/Llama-3.3-70B-Instruct-Turbo", messages=[])
