from pydantic import BaseModel
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIModel
from pydantic_ai.providers.openai import OpenAIProvider

import instructor


class Ticket(BaseModel):
    title: str
    severity: int


triage = Agent("openai:gpt-4o", output_type=Ticket, system_prompt="Triage the ticket.")
writer = Agent(model="groq:llama-3.3-70b-versatile", name="writer")
reviewer = Agent("anthropic:claude-3-5-haiku-latest", instructions="Review the draft. Never use openai:gpt-3.5-turbo style answers.")

local_model = OpenAIModel("qwen2.5:7b", provider=OpenAIProvider(base_url="http://localhost:11434/v1"))
offline = Agent(local_model)

extract = instructor.from_provider("anthropic/claude-3-5-haiku-20241022")
