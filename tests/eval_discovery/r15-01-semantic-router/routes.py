from semantic_router import Route
from semantic_router.encoders import HuggingFaceEncoder, OpenAIEncoder
from semantic_router.routers import SemanticRouter

chitchat = Route(name="chitchat", utterances=["how are you?", "lovely weather today"])
billing = Route(name="billing", utterances=["refund my order", "update my card"])

local_encoder = HuggingFaceEncoder(name="sentence-transformers/all-MiniLM-L6-v2")
cloud_encoder = OpenAIEncoder(name="text-embedding-3-small")

router = SemanticRouter(encoder=local_encoder, routes=[chitchat, billing], auto_sync="local")
