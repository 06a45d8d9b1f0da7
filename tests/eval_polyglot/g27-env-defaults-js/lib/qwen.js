import OpenAI from "openai";

const BASE_URL = process.env.OPENAI_BASE_URL || "https://dashscope.aliyuncs.com/compatible-mode/v1";
const MODEL = process.env.CHAT_MODEL ?? "qwen2.5-72b-instruct";

const client = new OpenAI({ apiKey: process.env.DASHSCOPE_API_KEY, baseURL: BASE_URL });

export const chat = (messages) => client.chat.completions.create({ model: MODEL, messages });
