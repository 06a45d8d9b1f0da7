"""The model a loader downloads when none is given (``transformers.pipeline(task)``, embedding wrappers of LangChain and
LlamaIndex): a dependency the code never names.

From transformers' ``pipelines/__init__.py`` (``SUPPORTED_TASKS[task]["default"]``, PyTorch, stable since 4.30;
task aliases as ``TASK_ALIASES``). ``translation_xx_to_yy`` tasks take the ``translation`` default."""

from __future__ import annotations

DEFAULTS = {
    "audio-classification": "superb/wav2vec2-base-superb-ks",
    "automatic-speech-recognition": "facebook/wav2vec2-base-960h",
    "text-to-audio": "suno/bark-small",
    "feature-extraction": "distilbert/distilbert-base-cased",
    "text-classification": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "token-classification": "dbmdz/bert-large-cased-finetuned-conll03-english",
    "question-answering": "distilbert/distilbert-base-cased-distilled-squad",
    "table-question-answering": "google/tapas-base-finetuned-wtq",
    "visual-question-answering": "dandelin/vilt-b32-finetuned-vqa",
    "document-question-answering": "impira/layoutlm-document-qa",
    "fill-mask": "distilbert/distilroberta-base",
    "summarization": "sshleifer/distilbart-cnn-12-6",
    "translation": "google-t5/t5-base",
    "text2text-generation": "google-t5/t5-base",
    "text-generation": "openai-community/gpt2",
    "zero-shot-classification": "facebook/bart-large-mnli",
    "zero-shot-image-classification": "openai/clip-vit-base-patch32",
    "zero-shot-audio-classification": "laion/clap-htsat-fused",
    "image-classification": "google/vit-base-patch16-224",
    "image-feature-extraction": "google/vit-base-patch16-224",
    "image-segmentation": "facebook/detr-resnet-50-panoptic",
    "image-to-text": "ydshieh/vit-gpt2-coco-en",
    "object-detection": "facebook/detr-resnet-50",
    "zero-shot-object-detection": "google/owlvit-base-patch32",
    "depth-estimation": "Intel/dpt-large",
    "video-classification": "MCG-NJU/videomae-base-finetuned-kinetics",
    "mask-generation": "facebook/sam-vit-huge",
    "image-to-image": "caidas/swin2SR-classical-sr-x2-64",
}
ALIASES = {"sentiment-analysis": "text-classification", "ner": "token-classification", "vqa": "visual-question-answering",
           "text-to-speech": "text-to-audio"}


def default_model(task: str) -> str | None:
    """The Hub repo the pipeline of ``task`` loads by default, or None (an unknown task, or one with no default)."""
    name = task.strip().lower()
    name = ALIASES.get(name, name)
    if name.startswith("translation_") and "_to_" in name:
        name = "translation"
    return DEFAULTS.get(name)


# Embedding wrappers constructed with no model: class -> (module roots it must come from, the default model). From
# langchain_community/langchain_huggingface (DEFAULT_MODEL_NAME, DEFAULT_BGE_MODEL, DEFAULT_INSTRUCT_MODEL, FastEmbed's
# model_name) and llama_index (HuggingFaceEmbedding, FastEmbedEmbedding).
_LANGCHAIN = ("langchain", "langchain_community", "langchain_huggingface")
_LLAMA_INDEX = ("llama_index",)
CONSTRUCTOR_DEFAULTS: dict[str, tuple[tuple[str, ...], str]] = {
    "HuggingFaceEmbeddings": (_LANGCHAIN, "sentence-transformers/all-mpnet-base-v2"),
    "SentenceTransformerEmbeddings": (_LANGCHAIN, "sentence-transformers/all-mpnet-base-v2"),
    "HuggingFaceBgeEmbeddings": (_LANGCHAIN, "BAAI/bge-large-en"),
    "HuggingFaceInstructEmbeddings": (_LANGCHAIN, "hkunlp/instructor-large"),
    "FastEmbedEmbeddings": (_LANGCHAIN, "BAAI/bge-small-en-v1.5"),
    "HuggingFaceEmbedding": (_LLAMA_INDEX, "BAAI/bge-small-en-v1.5"),
    "FastEmbedEmbedding": (_LLAMA_INDEX, "BAAI/bge-small-en-v1.5"),
}


def constructor_default(qualname: str) -> str | None:
    """The default model of an embedding wrapper (``langchain_huggingface.HuggingFaceEmbeddings``), or None."""
    parts = qualname.split(".")
    entry = CONSTRUCTOR_DEFAULTS.get(parts[-1])
    return entry[1] if entry is not None and len(parts) > 1 and parts[0] in entry[0] else None
