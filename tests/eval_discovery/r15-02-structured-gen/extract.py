import guidance
import outlines
from pydantic import BaseModel


class Invoice(BaseModel):
    vendor: str
    total: float


phi = outlines.models.transformers("microsoft/Phi-3-mini-4k-instruct", device="cuda")
extract = outlines.generate.json(phi, Invoice)

g_local = guidance.models.Transformers("Qwen/Qwen2.5-1.5B-Instruct")
g_cloud = guidance.models.OpenAI("gpt-4o-mini")
