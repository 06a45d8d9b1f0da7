const OpenAI = require("openai");

const SUMMARY_MODEL = process.env.SUMMARY_MODEL ?? "gpt-4.1-mini";
const openai = new OpenAI();

async function summarise(text) {
  const res = await openai.responses.create({ model: SUMMARY_MODEL, input: `Summarise: ${text}` });
  return res.output_text;
}

module.exports = { summarise };
