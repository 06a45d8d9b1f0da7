from dataclasses import dataclass

from transformers import AutoModelForCausalLM, AutoTokenizer


@dataclass(frozen=True)
class ModelSpec:
    repo: str
    context: int
    chat_template: str = "chatml"


MODEL_SPECS: dict[str, ModelSpec] = {
    "small": ModelSpec(repo="HuggingFaceTB/SmolLM2-360M-Instruct", context=8192),
    "medium": ModelSpec(repo="microsoft/Phi-3.5-mini-instruct", context=131072, chat_template="phi3"),
}


def load(size: str):
    spec = MODEL_SPECS[size]
    return AutoTokenizer.from_pretrained(spec.repo), AutoModelForCausalLM.from_pretrained(spec.repo)
