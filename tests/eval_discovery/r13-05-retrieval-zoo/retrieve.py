import spacy
from FlagEmbedding import BGEM3FlagModel, FlagReranker
from gliner import GLiNER
from ragatouille import RAGPretrainedModel
from setfit import SetFitModel

nlp = spacy.load("en_core_web_sm")
m3 = BGEM3FlagModel("BAAI/bge-m3", use_fp16=True)
reranker = FlagReranker("BAAI/bge-reranker-v2-m3", use_fp16=True)
colbert = RAGPretrainedModel.from_pretrained("colbert-ir/colbertv2.0")
ner = GLiNER.from_pretrained("urchade/gliner_medium-v2.1")
intent = SetFitModel.from_pretrained("acme-nlp/setfit-intent-v3")
colbert.index(collection=["a", "b"], index_name="kb-index")
