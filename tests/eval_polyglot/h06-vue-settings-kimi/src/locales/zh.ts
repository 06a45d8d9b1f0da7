export default { pick: "选择 Kimi 模型", hint: "例如 moonshot-v1-8k" };
