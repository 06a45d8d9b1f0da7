from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.teams import RoundRobinGroupChat
from autogen_ext.models.anthropic import AnthropicChatCompletionClient
from autogen_ext.models.openai import OpenAIChatCompletionClient

writer_client = OpenAIChatCompletionClient(model="gpt-4o")
critic_client = AnthropicChatCompletionClient(model="claude-3-7-sonnet-20250219")

writer = AssistantAgent("writer", model_client=writer_client, system_message="Write drafts.")
critic = AssistantAgent("critic", model_client=critic_client, system_message="Critique drafts.")
team = RoundRobinGroupChat([writer, critic], max_turns=4)
