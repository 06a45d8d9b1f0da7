import { pipeline } from "@huggingface/transformers";

const TASK = "automatic-speech-recognition";
const MODEL_ID = "onnx-community/whisper-tiny.en";

self.onmessage = async (e) => {
  const asr = await pipeline(TASK, MODEL_ID);
  self.postMessage(await asr(e.data));
};
