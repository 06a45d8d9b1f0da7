import OpenAI from "openai";

export const client = new OpenAI({ apiKey: import.meta.env.VITE_KEY, baseURL: "https://api.moonshot.cn/v1", dangerouslyAllowBrowser: true });
export const MODELS = ["moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k"] as const;
export function send(model: string, content: string) {
  return client.chat.completions.create({ model, messages: [{ role: "user", content }] });
}
