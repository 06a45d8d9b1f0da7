import open_clip
import timm
import torch
from diffusers import ControlNetModel, DiffusionPipeline, StableDiffusionXLPipeline

SDXL = "stabilityai/stable-diffusion-xl-base-1.0"

pipe = DiffusionPipeline.from_pretrained(SDXL, torch_dtype=torch.float16, variant="fp16")
controlnet = ControlNetModel.from_pretrained("diffusers/controlnet-canny-sdxl-1.0")
single = StableDiffusionXLPipeline.from_single_file(
    "https://huggingface.co/stabilityai/stable-diffusion-xl-refiner-1.0/blob/main/sd_xl_refiner_1.0.safetensors"
)
local_ckpt = StableDiffusionXLPipeline.from_single_file("./weights/juggernaut_xl.safetensors")
backbone = timm.create_model("hf-hub:timm/convnext_base.fb_in22k_ft_in1k", pretrained=True)
resnet = timm.create_model("resnet50", pretrained=False)
clip, _, preprocess = open_clip.create_model_and_transforms("hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K")
flux = DiffusionPipeline.from_pretrained("black-forest-labs/FLUX.1-schnell")
image = pipe(prompt="an astronaut riding a horse, hf.co style").images[0]
image.save("outputs/astronaut/horse.png")
