import modal

MODEL_NAME = "NousResearch/Hermes-3-Llama-3.1-8B"
MODEL_REVISION = "896ea440e5a9e6070e3d8a2774daf2b481ab425b"

image = (
    modal.Image.debian_slim(python_version="3.12")
    .pip_install("vllm==0.7.2", "huggingface_hub[hf_transfer]")
    .env({"HF_HUB_ENABLE_HF_TRANSFER": "1"})
)
app = modal.App("acme-vllm-inference")
volume = modal.Volume.from_name("acme/hf-cache", create_if_missing=True)


@app.function(image=image, gpu="H100:1", volumes={"/root/.cache/huggingface": volume})
@modal.web_server(port=8000)
def serve():
    import subprocess

    cmd = ["vllm", "serve", "--uvicorn-log-level=info", MODEL_NAME, "--revision", MODEL_REVISION, "--port", "8000"]
    subprocess.Popen(" ".join(cmd), shell=True)
