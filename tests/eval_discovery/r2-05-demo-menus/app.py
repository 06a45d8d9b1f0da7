import gradio as gr
from huggingface_hub import InferenceClient

MODELS = [
    "meta-llama/Llama-3.1-8B-Instruct",
    "mistralai/Mistral-7B-Instruct-v0.3",
    "google/gemma-2-9b-it",
]


def respond(message, history, model_name):
    client = InferenceClient(model=model_name)
    return client.chat_completion([{"role": "user", "content": message}], max_tokens=512).choices[0].message.content


with gr.Blocks(theme="gstaff/xkcd") as demo:
    gr.Markdown("Chat with open models. Source: https://huggingface.co/spaces/acme/open-chat")
    model = gr.Dropdown(choices=MODELS, value=MODELS[0], label="Model")
    gr.ChatInterface(respond, additional_inputs=[model])

demo.launch()
