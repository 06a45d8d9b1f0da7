import asyncio

from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion, OpenAIChatCompletion, OpenAITextEmbedding

kernel = Kernel()
kernel.add_service(OpenAIChatCompletion(ai_model_id="gpt-4.1", service_id="chat"))
kernel.add_service(OpenAITextEmbedding(ai_model_id="text-embedding-3-small", service_id="embed"))
kernel.add_service(AzureChatCompletion(deployment_name="gpt-4o-mini-eu", service_id="azure-chat"))


async def main():
    result = await kernel.invoke_prompt("Summarise {{$input}}", input="hello")
    print(result)


asyncio.run(main())
