from typing import Annotated

import typer
from anthropic import Anthropic
from sentence_transformers import SentenceTransformer

app = typer.Typer()


@app.command()
def ask(question: str, model: Annotated[str, typer.Option(help="Claude model")] = "claude-3-5-haiku-latest"):
    print(Anthropic().messages.create(model=model, max_tokens=300, messages=[{"role": "user", "content": question}]))


@app.command()
def embed(path: str, encoder: str = typer.Option("mixedbread-ai/mxbai-embed-large-v1", "--encoder")):
    SentenceTransformer(encoder).encode(open(path).read().splitlines())


if __name__ == "__main__":
    app()
