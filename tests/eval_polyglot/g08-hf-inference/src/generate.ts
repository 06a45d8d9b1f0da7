import { HfInference } from "@huggingface/inference";

const hf = new HfInference(process.env.HF_TOKEN);

export async function generate(prompt: string) {
  const out = await hf.textGeneration({ model: "mistralai/Mistral-7B-Instruct-v0.3", inputs: prompt });
  const img = await hf.textToImage({ model: "black-forest-labs/FLUX.1-schnell", inputs: prompt });
  return { text: out.generated_text, img };
}
