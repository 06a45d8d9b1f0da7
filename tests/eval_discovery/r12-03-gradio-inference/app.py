import os

import gradio as gr
from huggingface_hub import InferenceClient

chat_client = InferenceClient(model="meta-llama/Llama-3.1-8B-Instruct", token=os.environ.get("HF_TOKEN"))
reasoner = InferenceClient(provider="together", model="deepseek-ai/DeepSeek-R1", timeout=120)
image_client = InferenceClient(provider="fal-ai")


def respond(message, history, system_message, max_tokens):
    messages = [{"role": "system", "content": system_message}, *history, {"role": "user", "content": message}]
    out = ""
    for chunk in chat_client.chat_completion(messages, max_tokens=max_tokens, stream=True):
        out += chunk.choices[0].delta.content or ""
        yield out


def think(prompt):
    return reasoner.chat_completion([{"role": "user", "content": prompt}]).choices[0].message.content


def draw(prompt):
    return image_client.text_to_image(prompt, model="black-forest-labs/FLUX.1-schnell")


demo = gr.ChatInterface(
    respond,
    type="messages",
    additional_inputs=[gr.Textbox(value="You are a friendly Chatbot.", label="System message"), gr.Slider(1, 2048, 512)],
)

if __name__ == "__main__":
    demo.launch()
