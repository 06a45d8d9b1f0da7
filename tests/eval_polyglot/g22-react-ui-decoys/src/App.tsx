import { useState } from "react";
import { useTranslation } from "react-i18next";

const DEFAULT_MODEL = "gpt-4o-mini";

// Backend forwards to OpenAI; claude-3-opus was too slow.
export default function App() {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState("");
  async function send(q: string) {
    const r = await fetch("/api/chat", { method: "POST", body: JSON.stringify({ model: DEFAULT_MODEL, q }) });
    setAnswer(await r.text());
  }
  return (
    <main>
      <h2>{t("title")}</h2>
      <p>Powered by GPT-4o and Llama 3.1 70B</p>
      <input placeholder="Ask Qwen2.5-72B anything" onChange={(e) => send(e.target.value)} />
      <span title="gemini-1.5-flash is coming soon">{answer}</span>
    </main>
  );
}
