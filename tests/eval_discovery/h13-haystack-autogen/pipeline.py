from autogen_ext.models.openai import OpenAIChatCompletionClient
from haystack.components.embedders import SentenceTransformersDocumentEmbedder, SentenceTransformersTextEmbedder
from haystack.components.generators import HuggingFaceAPIGenerator, OpenAIGenerator
from haystack.utils import Secret

doc_embedder = SentenceTransformersDocumentEmbedder(model="sentence-transformers/all-MiniLM-L12-v2")
text_embedder = SentenceTransformersTextEmbedder(model="sentence-transformers/all-MiniLM-L12-v2")
generator = OpenAIGenerator(model="gpt-4o-mini", api_key=Secret.from_env_var("OPENAI_API_KEY"))
hf_generator = HuggingFaceAPIGenerator(api_type="serverless_inference_api", api_params={"model": "HuggingFaceH4/zephyr-7b-beta"})
model_client = OpenAIChatCompletionClient(model="gpt-4.1-mini", temperature=0.2)
