import ollama from "ollama";

const CHAT_MODEL = "llama3.1:8b";

async function main() {
  const res = await ollama.chat({ model: CHAT_MODEL, messages: [{ role: "user", content: "hi" }] });
  const emb = await ollama.embeddings({ model: "mxbai-embed-large", prompt: res.message.content });
  console.log("using model", CHAT_MODEL, emb.embedding.length);
}

main();
