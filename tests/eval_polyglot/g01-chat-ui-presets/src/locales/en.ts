export default {
  settings: {
    model: "Model",
    modelHint: "e.g. gpt-4o-mini or claude-3-5-sonnet",
    title: "Chat with Llama 3, Qwen and GLM",
  },
};
