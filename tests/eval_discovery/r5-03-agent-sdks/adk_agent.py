from google.adk.agents import LlmAgent
from google.adk.models.lite_llm import LiteLlm

root_agent = LlmAgent(name="weather_agent", model="gemini-2.0-flash", instruction="Answer weather questions.")
gpt_agent = LlmAgent(name="gpt_agent", model=LiteLlm(model="openai/gpt-4o"), instruction="Be brief.")
