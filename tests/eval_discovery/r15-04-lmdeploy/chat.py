from lmdeploy import GenerationConfig, TurbomindEngineConfig, pipeline

pipe = pipeline("OpenGVLab/InternVL2_5-8B", backend_config=TurbomindEngineConfig(session_len=8192))
print(pipe(["describe the image"], gen_config=GenerationConfig(max_new_tokens=128)))
