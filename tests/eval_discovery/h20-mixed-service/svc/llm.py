import anthropic

client = anthropic.AsyncAnthropic()


async def complete(prompt: str, *, model: str = "claude-3-5-sonnet-latest", max_tokens: int = 1024) -> str:
    msg = await client.messages.create(model=model, max_tokens=max_tokens, messages=[{"role": "user", "content": prompt}])
    return msg.content[0].text
