"""Answer generation: a local Qwen model, with DeepSeek's API as a fallback."""
import os

from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer

GENERATOR_ID = "Qwen/Qwen2.5-7B-Instruct"

tokenizer = AutoTokenizer.from_pretrained(GENERATOR_ID)
model = AutoModelForCausalLM.from_pretrained(GENERATOR_ID, torch_dtype="auto", device_map="auto")

fallback = OpenAI(api_key=os.environ.get("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")


def answer(question: str, context: str) -> str:
    try:
        return _local(question, context)
    except RuntimeError:
        reply = fallback.chat.completions.create(
            model="deepseek-chat",
            messages=[{"role": "user", "content": f"{context}\n\n{question}"}],
        )
        return reply.choices[0].message.content
