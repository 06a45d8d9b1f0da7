from transformers import pipeline


def make_reader(task: str = "image-to-text", checkpoint: str = "microsoft/trocr-base-printed"):
    return pipeline(task, model=checkpoint)


receipts = make_reader(checkpoint="naver-clova-ix/donut-base-finetuned-cord-v2")
