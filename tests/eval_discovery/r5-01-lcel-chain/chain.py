from langchain_anthropic import ChatAnthropic
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_google_genai import ChatGoogleGenerativeAI
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

LLM_KWARGS = {"model": "gpt-4o-2024-11-20", "temperature": 0, "max_retries": 2}

primary = ChatOpenAI(**LLM_KWARGS)
backup = ChatAnthropic(model="claude-3-haiku-20240307", timeout=30)
llm = primary.with_fallbacks([backup, ChatGoogleGenerativeAI(model="gemini-1.5-flash-002")])
embeddings = OpenAIEmbeddings(model="text-embedding-3-small", dimensions=512)

prompt = ChatPromptTemplate.from_messages([("system", "You answer in {language}."), ("human", "{question}")])
chain = prompt | llm | StrOutputParser()
