from dataclasses import dataclass, field
from typing import Optional

from datasets import load_dataset
from transformers import AutoModelForCausalLM, HfArgumentParser


@dataclass
class ScriptArguments:
    model_name_or_path: Optional[str] = field(default="EleutherAI/pythia-410m", metadata={"help": "base model"})
    dataset_name: str = field(default="tatsu-lab/alpaca")
    output_dir: str = field(default="out/pythia")


def main():
    (args,) = HfArgumentParser(ScriptArguments).parse_args_into_dataclasses()
    ds = load_dataset(args.dataset_name)
    model = AutoModelForCausalLM.from_pretrained(args.model_name_or_path)
    model.push_to_hub(args.output_dir)


if __name__ == "__main__":
    main()
