from zhipuai import ZhipuAI

client = ZhipuAI()


def chat(prompt: str) -> str:
    resp = client.chat.completions.create(model="glm-4-air", messages=[{"role": "user", "content": prompt}])
    return resp.choices[0].message.content
