"""Fine-tune ChatGLM3 on internal tickets (runs in the sandbox cluster)."""
from transformers import AutoModelForCausalLM, AutoTokenizer

BASE = "THUDM/chatglm3-6b"

tokenizer = AutoTokenizer.from_pretrained(BASE, revision="b098244a71fbe69ce149682d9072a7629f7e908c")
# aiscan: ignore[AIS-CODE-001] modeling_chatglm.py reviewed at the pinned commit, SEC-88
model = AutoModelForCausalLM.from_pretrained(BASE, trust_remote_code=True, revision="b098244a71fbe69ce149682d9072a7629f7e908c")
