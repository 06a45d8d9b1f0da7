import gradio as gr
import torch
from diffusers import AutoPipelineForText2Image
from transformers import AutoProcessor, BlipForConditionalGeneration, WhisperForConditionalGeneration

MODELS = {
    "SDXL Turbo": "stabilityai/sdxl-turbo",
    "SD 1.5": "stable-diffusion-v1-5/stable-diffusion-v1-5",
}
CAPTION_REPO = "Salesforce/blip-image-captioning-large"

pipes = {label: AutoPipelineForText2Image.from_pretrained(repo, torch_dtype=torch.float16) for label, repo in MODELS.items()}
processor = AutoProcessor.from_pretrained(CAPTION_REPO)
captioner = BlipForConditionalGeneration.from_pretrained(CAPTION_REPO)
asr = WhisperForConditionalGeneration.from_pretrained("openai/whisper-large-v3-turbo")

demo = gr.Interface(fn=lambda p, m: pipes[m](p).images[0], inputs=["text", gr.Dropdown(list(MODELS))], outputs="image",
                    title="Text to image", description="Powered by stabilityai/sdxl-turbo")
demo.launch()
