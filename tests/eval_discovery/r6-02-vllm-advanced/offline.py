from vllm import LLM, AsyncEngineArgs, AsyncLLMEngine, SamplingParams
from vllm.lora.request import LoRARequest

BASE = "meta-llama/Llama-2-7b-hf"

llm = LLM(
    model=BASE,
    enable_lora=True,
    speculative_config={"model": "ibm-ai-platform/llama-2-7b-accelerator", "num_speculative_tokens": 5},
)
sql_lora = LoRARequest("sql-adapter", 1, "yard1/llama-2-7b-sql-lora-test")
outs = llm.generate(["SELECT"], SamplingParams(max_tokens=64), lora_request=sql_lora)

engine = AsyncLLMEngine.from_engine_args(AsyncEngineArgs(model="Qwen/Qwen2.5-VL-3B-Instruct", max_model_len=8192))
