from deepeval import evaluate
from deepeval.metrics import AnswerRelevancyMetric, GEval
from deepeval.models import GPTModel
from deepeval.test_case import LLMTestCaseParams
from langchain.embeddings import init_embeddings
from langchain_openai import ChatOpenAI
from ragas.embeddings import LangchainEmbeddingsWrapper
from ragas.llms import LangchainLLMWrapper

judge = GPTModel(model="gpt-4.1", temperature=0)
relevancy = AnswerRelevancyMetric(threshold=0.7, model=judge)
correctness = GEval(
    name="Correctness",
    criteria="Is the actual output factually consistent with the expected output?",
    evaluation_params=[LLMTestCaseParams.ACTUAL_OUTPUT, LLMTestCaseParams.EXPECTED_OUTPUT],
    model="gpt-4o",
)

ragas_llm = LangchainLLMWrapper(ChatOpenAI(model="o4-mini"))
ragas_emb = LangchainEmbeddingsWrapper(init_embeddings("openai:text-embedding-3-small"))


def run(cases):
    return evaluate(test_cases=cases, metrics=[relevancy, correctness])
