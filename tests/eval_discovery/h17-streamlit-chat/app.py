import os

import streamlit as st
from openai import OpenAI

PROVIDERS = {
    "OpenAI": ("https://api.openai.com/v1", ["gpt-4o", "gpt-4o-mini"]),
    "DeepSeek": ("https://api.deepseek.com", ["deepseek-chat", "deepseek-reasoner"]),
}

provider = st.sidebar.selectbox("Provider", list(PROVIDERS))
base_url, models = PROVIDERS[provider]
model = st.sidebar.selectbox("Model", models)
client = OpenAI(base_url=base_url, api_key=os.environ.get(f"{provider.upper()}_API_KEY"))

if prompt := st.chat_input("Ask me"):
    stream = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}], stream=True)
    st.write_stream(stream)
