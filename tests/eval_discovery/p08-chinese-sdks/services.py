"""Calling Chinese model platforms through their own SDKs."""
import dashscope
import qianfan
from dashscope import Generation, TextEmbedding
from modelscope import snapshot_download
from modelscope.pipelines import pipeline
from zhipuai import ZhipuAI

QWEN = "qwen-turbo"


def qwen_reply(prompt):
    return Generation.call(model=QWEN, prompt=prompt)


def qwen_long(prompt):
    return dashscope.Generation.call(model="qwen-long", messages=[{"role": "user", "content": prompt}])


def qwen_embed(texts):
    return TextEmbedding.call(model=TextEmbedding.Models.text_embedding_v3, input=texts)


zhipu = ZhipuAI(api_key="...")


def glm_reply(prompt):
    return zhipu.chat.completions.create(model="glm-4-plus", messages=[{"role": "user", "content": prompt}])


def ernie_reply(prompt):
    chat = qianfan.ChatCompletion()
    return chat.do(model="ERNIE-3.5-8K", messages=[{"role": "user", "content": prompt}])


model_dir = snapshot_download("qwen/Qwen2.5-0.5B-Instruct", revision="master")
asr = pipeline(task="auto-speech-recognition", model="iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-pytorch")
