import json

import click
from openai import OpenAI
from transformers import AutoTokenizer


@click.command()
@click.option("--judge-model", default="gpt-4o-2024-08-06", show_default=True)
@click.option("--tokenizer", "tokenizer_name", default="meta-llama/Llama-3.2-1B-Instruct")
@click.option("--results", type=click.Path(), default="results/judge.jsonl")
def judge(judge_model: str, tokenizer_name: str, results: str):
    tok = AutoTokenizer.from_pretrained(tokenizer_name)
    client = OpenAI()
    with open(results) as fh:
        for line in fh:
            row = json.loads(line)
            verdict = client.chat.completions.create(
                model=judge_model,
                messages=[{"role": "user", "content": row["answer"]}],
            )
            print(len(tok(row["answer"]).input_ids), verdict.choices[0].message.content)


if __name__ == "__main__":
    judge()
