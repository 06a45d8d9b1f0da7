import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();
const models = { fast: `claude-3-haiku-20240307`, smart: "claude-3-opus-20240229" };

export const ask = (tier, content) =>
  anthropic.messages.create({ model: models[tier], max_tokens: 512, messages: [{ role: "user", content }] });
