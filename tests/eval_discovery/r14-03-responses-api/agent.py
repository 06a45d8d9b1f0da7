from openai import AsyncOpenAI, OpenAI

oa = OpenAI()
ds = AsyncOpenAI(base_url="https://api.deepseek.com", api_key="sk-...")
EMB = "text-embedding-3-large"


def research(q: str) -> str:
    r = oa.responses.create(model="gpt-4.1-mini", input=q, tools=[{"type": "web_search_preview"}])
    return r.output_text


def embed(texts):
    return [d.embedding for d in oa.embeddings.create(model=EMB, input=texts).data]


async def cheap(q: str) -> str:
    r = await ds.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
