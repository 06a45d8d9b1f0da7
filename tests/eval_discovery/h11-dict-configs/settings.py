"""Provider table used by the router."""
import os

PROVIDERS = {
    "qwen": {"base_url": "https://dashscope.aliyuncs.com/compatible-mode/v1", "model": "qwen-plus-latest", "key_env": "DASHSCOPE_API_KEY"},
    "kimi": {"base_url": "https://api.moonshot.cn/v1", "model": "kimi-k2-0711-preview", "key_env": "MOONSHOT_API_KEY"},
    "local": {"base_url": os.getenv("LOCAL_LLM_URL", "http://localhost:11434/v1"), "model": "qwen2.5:14b"},
}
DEFAULT_PROVIDER = "qwen"
TIMEOUT_S = 30
