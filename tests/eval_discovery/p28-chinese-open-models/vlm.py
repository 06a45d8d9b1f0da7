"""Chinese open-weight models, some with remote code."""
import torch
from modelscope import AutoModelForCausalLM as MSAutoModel
from modelscope import AutoTokenizer as MSTokenizer
from transformers import AutoModel, AutoTokenizer, Qwen2VLForConditionalGeneration

glm = AutoModel.from_pretrained("THUDM/chatglm3-6b", trust_remote_code=True).half().cuda()
internlm_tok = AutoTokenizer.from_pretrained("internlm/internlm2_5-7b-chat", trust_remote_code=True)
qwen_vl = Qwen2VLForConditionalGeneration.from_pretrained("Qwen/Qwen2-VL-2B-Instruct", torch_dtype=torch.bfloat16)
minicpm = AutoModel.from_pretrained("openbmb/MiniCPM-V-2_6", trust_remote_code=True, revision="v2.6")
baichuan = MSAutoModel.from_pretrained("baichuan-inc/Baichuan2-7B-Chat", trust_remote_code=True)
yi_tok = MSTokenizer.from_pretrained("01ai/Yi-6B-Chat")

for name in ("deepseek-ai/deepseek-llm-7b-chat", "deepseek-ai/DeepSeek-V2-Lite"):
    AutoTokenizer.from_pretrained(name, trust_remote_code=True)
