from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import SFTConfig, SFTTrainer

from trainer.constants import BASE, HUB_TARGET, OUTPUT, SFT_DATA


def main() -> None:
    tok = AutoTokenizer.from_pretrained(BASE)
    model = AutoModelForCausalLM.from_pretrained(BASE, torch_dtype="bfloat16")
    ds = load_dataset(SFT_DATA, split="train_sft")
    cfg = SFTConfig(output_dir=OUTPUT, push_to_hub=True, hub_model_id=HUB_TARGET)
    SFTTrainer(model=model, args=cfg, train_dataset=ds, processing_class=tok).train()


if __name__ == "__main__":
    main()
