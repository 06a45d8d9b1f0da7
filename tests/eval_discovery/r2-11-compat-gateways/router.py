from litellm import Router

model_list = [
    {"model_name": "fast", "litellm_params": {"model": "groq/llama-3.1-8b-instant"}},
    {"model_name": "smart", "litellm_params": {"model": "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "aws_region_name": "us-east-1"}},
    {"model_name": "smart", "litellm_params": {"model": "azure/gpt-4o-eu", "api_base": "https://acme-eu.openai.azure.com"}},
]
router = Router(model_list=model_list, fallbacks=[{"fast": ["smart"]}])


async def complete(prompt: str):
    return await router.acompletion(model="fast", messages=[{"role": "user", "content": prompt}])
