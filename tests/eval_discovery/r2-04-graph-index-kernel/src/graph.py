from typing import Annotated, TypedDict

from langchain.chat_models import init_chat_model
from langchain_anthropic import ChatAnthropic
from langchain_google_vertexai import ChatVertexAI
from langchain_openai import AzureChatOpenAI
from langgraph.checkpoint.memory import MemorySaver
from langgraph.graph import END, StateGraph
from langgraph.graph.message import add_messages
from langgraph.prebuilt import create_react_agent


class State(TypedDict):
    messages: Annotated[list, add_messages]


router_llm = init_chat_model("gpt-4o-mini", model_provider="openai", temperature=0)
planner = ChatAnthropic(model_name="claude-3-opus-20240229", max_tokens=4096)
vertex = ChatVertexAI(model="gemini-1.5-pro-002", location="europe-west4")
azure = AzureChatOpenAI(azure_deployment="gpt-4o-prod", api_version="2024-10-21")

agent = create_react_agent("anthropic:claude-3-7-sonnet-latest", tools=[], checkpointer=MemorySaver())


def route(state: State):
    return {"messages": [router_llm.invoke(state["messages"])]}


graph = StateGraph(State)
graph.add_node("route", route)
graph.add_edge("route", END)
app = graph.compile(checkpointer=MemorySaver())
config = {"configurable": {"thread_id": "user-42/session-1"}}
