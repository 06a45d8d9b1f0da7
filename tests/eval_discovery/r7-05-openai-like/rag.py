from llama_index.core import Settings
from llama_index.llms.huggingface import HuggingFaceLLM
from llama_index.llms.openai_like import OpenAILike

Settings.llm = OpenAILike(model="qwen2.5-7b", api_base="http://vllm:8000/v1", is_chat_model=True)
local = HuggingFaceLLM(model_name="HuggingFaceH4/zephyr-7b-beta", tokenizer_name="HuggingFaceH4/zephyr-7b-beta", device_map="auto")
