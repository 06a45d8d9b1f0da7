import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();
const FAST = `claude-3-5-haiku-20241022`;

export async function review(diff: string): Promise<string> {
  const msg = await anthropic.messages.create({
    model: "claude-3-5-sonnet-20241022",
    max_tokens: 1024,
    messages: [{ role: "user", content: diff }],
  });
  const title = await anthropic.messages.create({ model: FAST, max_tokens: 64, messages: [{ role: "user", content: diff }] });
  return String(msg.content) + String(title.content);
}
