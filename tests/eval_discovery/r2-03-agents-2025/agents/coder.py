"""Coding agent on smolagents, with a local fallback."""
import os

from smolagents import CodeAgent, DuckDuckGoSearchTool, HfApiModel, InferenceClientModel, LiteLLMModel


def build_agent(local: bool = False) -> CodeAgent:
    if local:
        model = InferenceClientModel(model_id="Qwen/Qwen2.5-Coder-32B-Instruct", provider="together")
    elif os.getenv("USE_HF_API"):
        model = HfApiModel("meta-llama/Llama-3.3-70B-Instruct")
    else:
        model = LiteLLMModel(model_id="anthropic/claude-3-7-sonnet-20250219", temperature=0.2)
    return CodeAgent(tools=[DuckDuckGoSearchTool()], model=model, name="coder", additional_authorized_imports=["pandas"])
