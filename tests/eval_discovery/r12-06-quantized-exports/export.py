"""Export and quantise models for edge deployment."""
from auto_gptq import AutoGPTQForCausalLM
from optimum.intel import OVModelForCausalLM
from optimum.onnxruntime import ORTModelForSequenceClassification
from transformers import AutoTokenizer
from unsloth import FastLanguageModel

CLASSIFIER = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"

ort_model = ORTModelForSequenceClassification.from_pretrained(CLASSIFIER, export=True)
ort_model.save_pretrained("exports/onnx-sst2")

ov_model = OVModelForCausalLM.from_pretrained("microsoft/Phi-3-mini-4k-instruct", export=True, load_in_8bit=True)
ov_model.save_pretrained("exports/phi3-ov-int8")

gptq = AutoGPTQForCausalLM.from_quantized("TheBloke/Llama-2-7B-Chat-GPTQ", device="cuda:0", use_safetensors=True)
tok = AutoTokenizer.from_pretrained("TheBloke/Llama-2-7B-Chat-GPTQ")

model, tokenizer = FastLanguageModel.from_pretrained(
    model_name="unsloth/Meta-Llama-3.1-8B-bnb-4bit",
    max_seq_length=2048,
    load_in_4bit=True,
)
model.push_to_hub_merged("acme-edge/llama31-support-merged", tokenizer, save_method="merged_16bit")
