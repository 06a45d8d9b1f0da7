import gradio as gr
from huggingface_hub import InferenceClient

client = InferenceClient(provider="fal-ai")


def generate(prompt: str):
    return client.text_to_image(prompt, model="black-forest-labs/FLUX.1-dev")


with gr.Blocks() as demo:
    gr.load("models/stabilityai/stable-diffusion-3.5-large")
    gr.Interface(generate, "text", "image")
demo.launch()
