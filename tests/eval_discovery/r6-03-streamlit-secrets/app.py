import streamlit as st
from langchain_huggingface import HuggingFaceEmbeddings
from openai import OpenAI

client = OpenAI(api_key=st.secrets["OPENAI_API_KEY"])
emb = HuggingFaceEmbeddings(model_name=st.secrets["rag"]["embedding_model"])
q = st.text_input("Question")
if q:
    r = client.chat.completions.create(model=st.secrets["OPENAI_MODEL"], messages=[{"role": "user", "content": q}])
    st.write(r.choices[0].message.content)
