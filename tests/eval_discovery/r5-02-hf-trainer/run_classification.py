from dataclasses import dataclass, field
from typing import Optional

from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, HfArgumentParser, Trainer, TrainingArguments


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="roberta-base", metadata={"help": "Path or hub id, e.g. FacebookAI/roberta-large"})
    tokenizer_name: Optional[str] = field(default=None)
    cache_dir: Optional[str] = field(default="cache/hf")


@dataclass
class DataArguments:
    dataset_name: str = field(default="stanfordnlp/imdb")
    max_seq_length: int = 256


def main():
    parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    model_args, data_args, training_args = parser.parse_args_into_dataclasses()
    raw = load_dataset(data_args.dataset_name, cache_dir=model_args.cache_dir)
    tok = AutoTokenizer.from_pretrained(model_args.tokenizer_name or model_args.model_name_or_path)
    model = AutoModelForSequenceClassification.from_pretrained(model_args.model_name_or_path, num_labels=2)
    Trainer(model=model, args=training_args, train_dataset=raw["train"], processing_class=tok).train()


if __name__ == "__main__":
    main()
