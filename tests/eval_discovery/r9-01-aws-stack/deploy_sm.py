import sagemaker
from sagemaker.huggingface import HuggingFaceModel, get_huggingface_llm_image_uri

role = sagemaker.get_execution_role()
hub_env = {"HF_MODEL_ID": "meta-llama/Llama-3.1-8B-Instruct", "SM_NUM_GPUS": "1", "MAX_INPUT_LENGTH": "4096"}
model = HuggingFaceModel(env=hub_env, role=role, image_uri=get_huggingface_llm_image_uri("huggingface", version="2.2.0"))
predictor = model.deploy(initial_instance_count=1, instance_type="ml.g5.2xlarge", endpoint_name="acme-llama31")
