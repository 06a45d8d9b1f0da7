from openai import OpenAI

from ragsvc.settings import CHAT_MODEL, COLLECTION

client = OpenAI()


def answer(question: str, context: str) -> str:
    resp = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{"role": "system", "content": f"Use collection {COLLECTION}"}, {"role": "user", "content": question + context}],
    )
    return resp.choices[0].message.content
