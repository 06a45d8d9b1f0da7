import whisper
from faster_whisper import WhisperModel

fast = WhisperModel("large-v3", device="cuda", compute_type="float16")
slow = whisper.load_model("medium")

segments, info = fast.transcribe("samples/meeting.wav", beam_size=5, language="en")
print(slow.transcribe("samples/meeting.wav")["text"])
