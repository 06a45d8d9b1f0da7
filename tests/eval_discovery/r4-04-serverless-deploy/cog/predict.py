import replicate
from cog import BasePredictor, Input, Path


class Predictor(BasePredictor):
    def predict(self, prompt: str = Input(description="prompt")) -> Path:
        out = replicate.run("black-forest-labs/flux-schnell", input={"prompt": prompt, "num_outputs": 1})
        upscaled = replicate.run(
            "nightmareai/real-esrgan:f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa",
            input={"image": out[0]},
        )
        return Path(upscaled)
