import argparse

from transformers import AutoModelForSeq2SeqLM

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="google-t5/t5-small", help="model id, e.g. org/name")
parser.add_argument("--output_dir", default="outputs/t5-run")
parser.add_argument("--dataset", default="cnn_dailymail")
args = parser.parse_args()
model = AutoModelForSeq2SeqLM.from_pretrained(args.model)
