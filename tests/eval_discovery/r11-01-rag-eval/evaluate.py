from datasets import load_dataset
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from ragas import evaluate
from ragas.embeddings import LangchainEmbeddingsWrapper
from ragas.llms import LangchainLLMWrapper
from ragas.metrics import answer_relevancy, faithfulness

judge = LangchainLLMWrapper(ChatOpenAI(model="gpt-4o", temperature=0))
emb = LangchainEmbeddingsWrapper(OpenAIEmbeddings(model="text-embedding-3-small"))
ds = load_dataset("explodinggradients/amnesty_qa", "english_v3", trust_remote_code=True)["eval"]
scores = evaluate(ds, metrics=[faithfulness, answer_relevancy], llm=judge, embeddings=emb)
