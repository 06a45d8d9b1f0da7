import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    from openai import OpenAI
    return OpenAI, mo


@app.cell
def _(mo):
    choice = mo.ui.dropdown(options=["gpt-4o-mini", "gpt-4.1", "o3-mini"], value="gpt-4o-mini", label="Model")
    choice
    return (choice,)


@app.cell
def _(OpenAI, choice):
    reply = OpenAI().chat.completions.create(model=choice.value, messages=[{"role": "user", "content": "hi"}])
    return (reply,)


if __name__ == "__main__":
    app.run()
