import OpenAI from "openai";

export const DEFAULT_MODEL = "glm-4-plus";
export const BASE_URL = "https://open.bigmodel.cn/api/paas/v4/";

export function createClient(apiKey: string) {
  return new OpenAI({ apiKey, baseURL: BASE_URL });
}

export async function chat(client: OpenAI, prompt: string, model: string = DEFAULT_MODEL) {
  return client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }] });
}
