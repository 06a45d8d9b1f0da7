import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";

const client = new BedrockRuntimeClient({ region: "us-east-1" });
const MODEL_ID = process.env.MODEL_ID || "anthropic.claude-3-5-sonnet-20240620-v1:0";

export const handler = async (event: { prompt: string }) => {
  const out = await client.send(
    new ConverseCommand({ modelId: MODEL_ID, messages: [{ role: "user", content: [{ text: event.prompt }] }] }),
  );
  return out.output;
};
