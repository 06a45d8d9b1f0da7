import json

import streamlit as st
from openai import OpenAI

client = OpenAI()

st.title("Playground")
choice = st.sidebar.selectbox("Model", ["gpt-4o", "gpt-4o-mini", "o3-mini"], index=1)
embedder = st.sidebar.radio("Embedding model", options=("text-embedding-3-small", "text-embedding-3-large"))
layout = st.sidebar.selectbox("Layout", ["wide", "centered"])

registry = json.load(open("config/models.json"))

if prompt := st.chat_input("Ask"):
    reply = client.chat.completions.create(model=choice, messages=[{"role": "user", "content": prompt}])
    st.write(reply.choices[0].message.content)
    vec = client.embeddings.create(model=embedder, input=prompt)
