from openai import OpenAI

from .settings import DEFAULT_PROVIDER, PROVIDERS


def client_for(name: str = DEFAULT_PROVIDER) -> tuple[OpenAI, str]:
    cfg = PROVIDERS[name]
    return OpenAI(base_url=cfg["base_url"]), cfg["model"]


def ask(prompt: str, provider: str = DEFAULT_PROVIDER) -> str:
    client, model = client_for(provider)
    reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
    return reply.choices[0].message.content
