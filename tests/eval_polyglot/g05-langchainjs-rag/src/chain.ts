import { ChatOpenAI } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
import { OllamaEmbeddings } from "@langchain/ollama";

export const llm = new ChatOpenAI({ model: "gpt-4o", temperature: 0 });
export const judge = new ChatAnthropic({ model: "claude-3-haiku-20240307" });
export const embeddings = new OllamaEmbeddings({ model: "nomic-embed-text", baseUrl: "http://localhost:11434" });
