"""Agents built with several frameworks."""
import dspy
from crewai import LLM, Agent
from pydantic_ai import Agent as PAgent
from smolagents import CodeAgent, InferenceClientModel, LiteLLMModel, OpenAIServerModel, TransformersModel

hf_model = InferenceClientModel(model_id="Qwen/Qwen2.5-Coder-32B-Instruct")
claude = LiteLLMModel(model_id="anthropic/claude-3-5-sonnet-latest", temperature=0.2)
together = OpenAIServerModel(model_id="deepseek-ai/DeepSeek-V3", api_base="https://api.together.xyz/v1")
local = TransformersModel(model_id="HuggingFaceTB/SmolLM2-1.7B-Instruct", device_map="auto")
agent = CodeAgent(tools=[], model=hf_model)

lm = dspy.LM("openai/gpt-4o-mini", max_tokens=1000)
dspy.configure(lm=lm)

crew_llm = LLM(model="gpt-4o", temperature=0.7)
researcher = Agent(role="Researcher", goal="find facts", backstory="...", llm=crew_llm)

typed = PAgent("anthropic:claude-3-5-haiku-latest", system_prompt="Be concise.")

config_list = [
    {"model": "gpt-4-turbo", "api_key": "sk-..."},
    {"model": "deepseek-chat", "base_url": "https://api.deepseek.com", "api_key": "..."},
]
