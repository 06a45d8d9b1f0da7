"""Compare candidate models on our QA set with an LLM judge."""
from __future__ import annotations

import asyncio
import sys
from typing import Literal

import anthropic
from google import genai
from openai import AsyncOpenAI

CANDIDATES: dict[str, tuple[Literal["openai", "anthropic", "google"], str]] = {
    "gpt": ("openai", "gpt-4.1-mini-2025-04-14"),
    "claude": ("anthropic", "claude-sonnet-4-20250514"),
    "gemini": ("google", "gemini-2.5-flash"),
}
JUDGE = "o4-mini"

oai = AsyncOpenAI()
claude = anthropic.AsyncAnthropic()
gclient = genai.Client()


async def run(name: str, prompt: str) -> str:
    vendor, model = CANDIDATES[name]
    if vendor == "openai":
        r = await oai.responses.create(model=model, input=prompt)
        return r.output_text
    if vendor == "anthropic":
        m = await claude.messages.create(model=model, max_tokens=1024, messages=[{"role": "user", "content": prompt}])
        return m.content[0].text
    g = await gclient.aio.models.generate_content(model=model, contents=prompt)
    return g.text


async def judge(answer: str) -> str:
    r = await oai.chat.completions.create(model=JUDGE, messages=[{"role": "user", "content": answer}])
    return r.choices[0].message.content


if __name__ == "__main__":
    print(asyncio.run(run(sys.argv[1], "What is 2+2?")))
