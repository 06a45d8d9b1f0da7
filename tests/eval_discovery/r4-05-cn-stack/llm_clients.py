import os

import qianfan
from modelscope import AutoModelForCausalLM, AutoTokenizer, snapshot_download
from volcenginesdkarkruntime import Ark
from zhipuai import ZhipuAI

zhipu = ZhipuAI(api_key=os.environ["ZHIPUAI_API_KEY"])
ark = Ark(api_key=os.environ.get("ARK_API_KEY"))

GLM = "glm-4-plus"
DOUBAO_ENDPOINT = os.getenv("DOUBAO_MODEL", "doubao-1-5-pro-32k-250115")


def glm_chat(q):
    return zhipu.chat.completions.create(model=GLM, messages=[{"role": "user", "content": q}])


def doubao_chat(q):
    return ark.chat.completions.create(model=DOUBAO_ENDPOINT, messages=[{"role": "user", "content": q}])


def ernie_chat(q):
    return qianfan.ChatCompletion().do(model="ERNIE-4.0-8K", messages=[{"role": "user", "content": q}])


model_dir = snapshot_download("Qwen/Qwen2.5-7B-Instruct", cache_dir="/data/ms-cache")
tok = AutoTokenizer.from_pretrained(model_dir)
local = AutoModelForCausalLM.from_pretrained("ZhipuAI/glm-4-9b-chat", trust_remote_code=True)
