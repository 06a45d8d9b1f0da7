"""LangChain wrappers over several providers."""
import os

from langchain.chat_models import init_chat_model
from langchain_anthropic import ChatAnthropic
from langchain_community.chat_models import ChatTongyi, ChatZhipuAI, QianfanChatEndpoint
from langchain_huggingface import HuggingFaceEndpoint
from langchain_ollama import ChatOllama, OllamaEmbeddings
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

llm = ChatOpenAI(model="gpt-4o", temperature=0)
deepseek = ChatOpenAI(model_name="deepseek-chat", openai_api_base="https://api.deepseek.com", openai_api_key=os.environ["DS_KEY"])
claude = ChatAnthropic(model="claude-3-opus-20240229")
local = ChatOllama(model="llama3.2", temperature=0.1)
local_embed = OllamaEmbeddings(model="nomic-embed-text")
embeddings = OpenAIEmbeddings(model="text-embedding-3-large")
tongyi = ChatTongyi(model_name="qwen-max")
zhipu = ChatZhipuAI(model="glm-4")
ernie = QianfanChatEndpoint(model="ERNIE-Bot-4")
zephyr = HuggingFaceEndpoint(repo_id="HuggingFaceH4/zephyr-7b-beta", max_new_tokens=256)
universal = init_chat_model("gpt-4o-mini", model_provider="openai")
gem = init_chat_model("google_genai:gemini-2.0-flash")
