import os
from contextlib import asynccontextmanager

import yaml
from fastapi import FastAPI
from transformers import AutoModelForCausalLM, pipeline

CLASSIFIER_ID = os.environ.get("CLASSIFIER_ID") or "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
cfg = yaml.safe_load(open("serving.yaml"))


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.clf = pipeline("text-classification", model=CLASSIFIER_ID)
    app.state.lm = AutoModelForCausalLM.from_pretrained(cfg.get("model_id", "google/gemma-3-1b-it"))
    app.state.small = {size: AutoModelForCausalLM.from_pretrained(f"Qwen/Qwen2.5-{size}-Instruct") for size in ("0.5B", "1.5B")}
    yield
    app.state.clf = None


app = FastAPI(lifespan=lifespan)
