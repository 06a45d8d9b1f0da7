import ollama

SYSTEM_MODEL = "mario"  # built locally from ollama/Modelfile


def reply(prompt: str) -> str:
    return ollama.chat(model=SYSTEM_MODEL, messages=[{"role": "user", "content": prompt}])["message"]["content"]


def embed(text: str):
    return ollama.embed(model="all-minilm:l6-v2", input=text)


def create():
    ollama.create(model="mario", from_="llama3.2")
