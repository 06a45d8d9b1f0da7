import litellm
from litellm import acompletion, completion, embedding

FAST = "groq/llama-3.1-8b-instant"


def ask(prompt):
    return completion(model="gemini/gemini-1.5-flash", messages=[{"role": "user", "content": prompt}])


async def ask_fast(prompt):
    return await acompletion(model=FAST, messages=[{"role": "user", "content": prompt}])


def embed(texts):
    return embedding(model="mistral/mistral-embed", input=texts)


def ask_alias(prompt):
    # goes through the proxy alias defined in proxy_config.yaml
    return litellm.completion(model="fast-chat", api_base="http://localhost:4000", messages=[])


def ask_hf(prompt):
    return litellm.completion(model="huggingface/HuggingFaceH4/zephyr-7b-beta", messages=[])
