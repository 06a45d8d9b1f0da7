import { pipeline, AutoTokenizer } from "@huggingface/transformers";

const extractor = await pipeline("feature-extraction", "Xenova/all-MiniLM-L6-v2", { dtype: "q8" });
const tokenizer = await AutoTokenizer.from_pretrained("Xenova/bert-base-uncased");

// See https://huggingface.co/onnx-community/whisper-base for speech
export async function embed(text) {
  const ids = tokenizer(text);
  return extractor(text, { pooling: "mean", normalize: true, ids });
}
