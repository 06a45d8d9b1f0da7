from openai import OpenAI

client = OpenAI(base_url="https://qianfan.baidubce.com/v2", api_key="bce-v3/xxx")
resp = client.chat.completions.create(model="ernie-4.0-8k", messages=[{"role": "user", "content": "hi"}])
