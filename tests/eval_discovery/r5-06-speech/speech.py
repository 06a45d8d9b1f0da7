import nemo.collections.asr as nemo_asr
import torch
from kokoro import KPipeline
from parler_tts import ParlerTTSForConditionalGeneration
from pyannote.audio import Pipeline
from speechbrain.inference.speaker import EncoderClassifier
from transformers import AutoTokenizer

diarizer = Pipeline.from_pretrained("pyannote/speaker-diarization-3.1", use_auth_token=True)
asr = nemo_asr.models.ASRModel.from_pretrained(model_name="nvidia/parakeet-tdt-0.6b-v2")
spk = EncoderClassifier.from_hparams(source="speechbrain/spkrec-ecapa-voxceleb", savedir="pretrained_models/spkrec-ecapa")
tts = ParlerTTSForConditionalGeneration.from_pretrained("parler-tts/parler-tts-mini-v1").to("cuda")
tts_tok = AutoTokenizer.from_pretrained("parler-tts/parler-tts-mini-v1")
kokoro = KPipeline(lang_code="a", repo_id="hexgrad/Kokoro-82M")
audio = kokoro("Hello there", voice="af_heart")
