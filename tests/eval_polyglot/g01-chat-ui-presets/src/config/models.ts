import type { ModelPreset } from "../types";

// Presets shown in the model picker. The default used to be gpt-3.5-turbo.
export const MODEL_PRESETS: ModelPreset[] = [
  { id: "gpt-4o", provider: "openai", label: "GPT-4o" },
  { id: "deepseek-chat", provider: "deepseek", label: "DeepSeek V3" },
  { id: "qwen-max", provider: "alibaba", label: "Qwen Max" },
  { id: "ernie-4.0-8k", provider: "baidu", label: "ERNIE 4.0" },
  { id: "doubao-pro-32k", provider: "bytedance", label: "Doubao Pro" },
  { id: "glm-4-plus", provider: "zhipu", label: "GLM-4 Plus" },
];

export const PROVIDER_BASE_URLS = {
  openai: "https://api.openai.com/v1",
  deepseek: "https://api.deepseek.com",
  alibaba: "https://dashscope.aliyuncs.com/compatible-mode/v1",
};
