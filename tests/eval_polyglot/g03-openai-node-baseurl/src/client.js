import OpenAI from "openai";
import "dotenv/config";

const client = new OpenAI({
  baseURL: "https://api.deepseek.com",
  apiKey: process.env.DEEPSEEK_API_KEY,
});

export async function ask(question) {
  const completion = await client.chat.completions.create({
    model: "deepseek-chat",
    messages: [{ role: "user", content: question }],
  });
  return completion.choices[0].message.content;
}
