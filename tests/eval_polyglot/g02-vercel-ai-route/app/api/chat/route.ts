import { openai } from "@ai-sdk/openai";
import { createDeepSeek } from "@ai-sdk/deepseek";
import { createQwen } from "qwen-ai-provider";
import { streamText } from "ai";

const deepseek = createDeepSeek({ apiKey: process.env.DEEPSEEK_API_KEY ?? "" });
const qwen = createQwen({ apiKey: process.env.DASHSCOPE_API_KEY });

export async function POST(req: Request) {
  const { messages, mode } = await req.json();
  const model =
    mode === "reason" ? deepseek("deepseek-reasoner") : mode === "cn" ? qwen("qwen-plus") : openai("gpt-4o-mini");
  const result = streamText({ model, messages });
  return result.toDataStreamResponse();
}
