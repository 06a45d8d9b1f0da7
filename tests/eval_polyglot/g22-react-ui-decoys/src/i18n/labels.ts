export const labels = {
  "gpt-4o": "GPT-4o (OpenAI)",
  greeting: "Hello from glm-4",
};
