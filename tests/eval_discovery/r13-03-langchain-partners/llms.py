from langchain_anthropic import ChatAnthropic
from langchain_aws import ChatBedrockConverse
from langchain_google_genai import ChatGoogleGenerativeAI, GoogleGenerativeAIEmbeddings
from langchain_mistralai import ChatMistralAI

PROVIDERS = {
    "anthropic": lambda: ChatAnthropic(model_name="claude-3-5-haiku-latest", max_tokens=1024),
    "gemini": lambda: ChatGoogleGenerativeAI(model="gemini-2.0-flash", temperature=0.3),
    "mistral": lambda: ChatMistralAI(model="mistral-large-latest"),
    "bedrock": lambda: ChatBedrockConverse(model="anthropic.claude-3-haiku-20240307-v1:0", region_name="us-east-1"),
}

embeddings = GoogleGenerativeAIEmbeddings(model="models/text-embedding-004")


def get_llm(name: str):
    return PROVIDERS[name]()
