import bentoml
from ray import serve
from transformers import pipeline

SUMMARY_MODEL = "sshleifer/distilbart-cnn-12-6"


@serve.deployment(num_replicas=2)
class Summarizer:
    def __init__(self):
        self.pipe = pipeline("summarization", model=SUMMARY_MODEL)

    async def __call__(self, request):
        return self.pipe((await request.json())["text"])


@bentoml.service(resources={"gpu": 1})
class Translator:
    model_id = "Helsinki-NLP/opus-mt-en-de"

    def __init__(self) -> None:
        self.pipe = pipeline("translation_en_to_de", model=self.model_id)


app = Summarizer.bind()
