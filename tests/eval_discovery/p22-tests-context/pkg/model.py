from transformers import AutoModelForTokenClassification, AutoTokenizer

NER = "dslim/bert-base-NER"


def load():
    return AutoTokenizer.from_pretrained(NER), AutoModelForTokenClassification.from_pretrained(NER)
