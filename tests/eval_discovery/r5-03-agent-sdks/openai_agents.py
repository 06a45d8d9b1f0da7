from agents import Agent, OpenAIChatCompletionsModel, Runner
from agents.extensions.models.litellm_model import LitellmModel
from openai import AsyncOpenAI

deepseek = AsyncOpenAI(base_url="https://api.deepseek.com", api_key="sk-...")

triage = Agent(name="Triage", instructions="Route the request.", model="gpt-4.1")
coder = Agent(
    name="Coder",
    instructions="Write code.",
    model=OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=deepseek),
)
critic = Agent(name="Critic", instructions="Review.", model=LitellmModel(model="anthropic/claude-3-5-sonnet-20240620"))
result = Runner.run_sync(triage, "hello")
