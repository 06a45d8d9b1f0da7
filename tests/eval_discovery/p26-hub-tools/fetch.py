from huggingface_hub import HfApi, InferenceClient, hf_hub_download, login, snapshot_download
from transformers import pipeline

login(token="hf_xxx")
weights = hf_hub_download(repo_id="TheBloke/Mistral-7B-Instruct-v0.2-GGUF", filename="mistral-7b-instruct-v0.2.Q4_K_M.gguf")
config_path = hf_hub_download("openai/clip-vit-large-patch14", "config.json", revision="32bd64288804d66eefd0ccbe215aa642df71cc41")
snapshot_download(repo_id="HuggingFaceM4/the_cauldron", repo_type="dataset", allow_patterns=["ai2d/*"])
snapshot_download("stabilityai/sdxl-turbo", local_dir="weights/sdxl-turbo")
client = InferenceClient(model="meta-llama/Llama-3.3-70B-Instruct")
reply = InferenceClient().chat_completion(messages=[], model="mistralai/Mistral-Small-24B-Instruct-2501")
info = HfApi().model_info("google/gemma-2-27b-it")
asr = pipeline("automatic-speech-recognition", "openai/whisper-small")
HfApi().upload_folder(folder_path="out", repo_id="acme/private-ft")
