import dspy
from crewai import LLM, Agent, Crew, Task

lm = dspy.LM("openai/gpt-4o-mini", max_tokens=2000)
local_lm = dspy.LM("ollama_chat/llama3.2", api_base="http://localhost:11434", api_key="")
dspy.configure(lm=lm)

qa = dspy.ChainOfThought("question -> answer")

gemini = LLM(model="gemini/gemini-2.0-flash", temperature=0.1)
researcher = Agent(role="Senior researcher", goal="Find sources", backstory="...", llm=gemini)
editor = Agent(role="Editor", goal="Polish", backstory="...", llm="gpt-4o")
crew = Crew(agents=[researcher, editor], tasks=[Task(description="write", expected_output="text", agent=editor)])
