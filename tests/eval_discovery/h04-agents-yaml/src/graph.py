from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

MODEL_NAME = "o3-mini"
llm = ChatOpenAI(model=MODEL_NAME, reasoning_effort="high")
agent = create_react_agent("anthropic:claude-3-7-sonnet-latest", tools=[])
