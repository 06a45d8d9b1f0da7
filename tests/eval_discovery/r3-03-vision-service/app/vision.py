import open_clip
import timm
import torch
from transformers import AutoModelForZeroShotObjectDetection, AutoProcessor, Blip2ForConditionalGeneration
from ultralytics import YOLO

CAPTIONER = {"name": "Salesforce/blip2-opt-2.7b", "dtype": "float16"}
DETECTOR_ID = "IDEA-Research/grounding-dino-tiny"


class Vision:
    def __init__(self, device: str = "cuda") -> None:
        self.device = device
        self.processor = AutoProcessor.from_pretrained(CAPTIONER["name"])
        self.captioner = Blip2ForConditionalGeneration.from_pretrained(CAPTIONER["name"], torch_dtype=torch.float16)
        self.det_processor = AutoProcessor.from_pretrained(DETECTOR_ID)
        self.detector = AutoModelForZeroShotObjectDetection.from_pretrained(DETECTOR_ID).to(device)
        self.backbone = timm.create_model("hf-hub:timm/vit_base_patch16_224.augreg2_in21k_ft_in1k", pretrained=True)
        self.clip, _, self.preprocess = open_clip.create_model_and_transforms("hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K")
        self.yolo = YOLO("weights/yolo11n.pt")


def describe(image_path: str) -> str:
    v = Vision()
    return v.device + image_path
