import { ChatOllama, OllamaEmbeddings } from "@langchain/ollama";

const OLLAMA_URL = process.env.OLLAMA_URL ?? "http://127.0.0.1:11434";
export const chat = new ChatOllama({ baseUrl: OLLAMA_URL, model: "qwen2.5:14b-instruct" });
export const embed = new OllamaEmbeddings({ baseUrl: OLLAMA_URL, model: "bge-m3" });
export const banner = "Powered by Qwen 2.5 and BGE-M3";
