"""Supervised fine-tuning with TRL."""
import argparse

from datasets import load_dataset
from peft import LoraConfig
from trl import SFTConfig, SFTTrainer


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model_name_or_path", type=str, default="meta-llama/Llama-3.2-1B")
    parser.add_argument("--dataset", default="HuggingFaceH4/ultrachat_200k", help="e.g. trl-lib/Capybara")
    parser.add_argument("--output_dir", default="outputs/llama-3.2-1b-sft")
    parser.add_argument("--hub_model_id", default="acme-ai/llama-3.2-1b-sft")
    parser.add_argument("--lora_r", type=int, default=16)
    return parser.parse_args()


def main():
    args = parse_args()
    train = load_dataset(args.dataset, split="train_sft")
    config = SFTConfig(output_dir=args.output_dir, hub_model_id=args.hub_model_id, push_to_hub=True)
    trainer = SFTTrainer(
        model=args.model_name_or_path,
        args=config,
        train_dataset=train,
        peft_config=LoraConfig(r=args.lora_r, target_modules="all-linear"),
    )
    trainer.train()


if __name__ == "__main__":
    main()
