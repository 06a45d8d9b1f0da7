"""Developer chat against a local Ollama server."""
import ollama


def chat(prompt: str) -> str:
    reply = ollama.chat(model="llama3.1:8b", messages=[{"role": "user", "content": prompt}])
    return reply["message"]["content"]
