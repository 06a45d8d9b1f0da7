import { OpenAI, Settings } from "llamaindex";
import { HuggingFaceEmbedding } from "@llamaindex/huggingface";

Settings.llm = new OpenAI({ model: "gpt-4o-mini", temperature: 0.1 });
Settings.embedModel = new HuggingFaceEmbedding({ modelType: "BAAI/bge-small-en-v1.5" });
