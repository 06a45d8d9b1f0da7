import keras_hub

ORG = "google"
NAME = "gemma-2-2b-it"

gemma = keras_hub.models.GemmaCausalLM.from_preset(f"hf://{ORG}/{NAME}")
classifier = keras_hub.models.BertTextClassifier.from_preset("bert_base_en_uncased", num_classes=4)
print(gemma.generate("Keras is", max_length=30))
