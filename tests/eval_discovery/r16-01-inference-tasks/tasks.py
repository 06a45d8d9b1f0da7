from huggingface_hub import InferenceClient

hf = InferenceClient(token=None)


def embed(text: str):
    return hf.feature_extraction(text, model="BAAI/bge-large-en-v1.5")


def transcribe(path: str) -> str:
    return hf.automatic_speech_recognition(path, model="openai/whisper-large-v3").text


def caption(image) -> str:
    return hf.image_to_text(image, model="Salesforce/blip-image-captioning-large").generated_text
