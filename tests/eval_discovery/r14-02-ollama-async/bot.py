import asyncio
import os

from ollama import AsyncClient

client = AsyncClient(host=os.getenv("OLLAMA_HOST", "http://localhost:11434"))


async def reply(prompt: str) -> str:
    resp = await client.chat(model="qwen2.5-coder:7b", messages=[{"role": "user", "content": prompt}])
    return resp.message.content


async def vectors(chunks: list[str]):
    return (await client.embed(model="all-minilm", input=chunks)).embeddings


if __name__ == "__main__":
    print(asyncio.run(reply("hello")))
