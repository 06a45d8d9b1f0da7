from anthropic import AnthropicBedrock, AnthropicVertex
from openai import OpenAI

bedrock = AnthropicBedrock(aws_region="us-west-2")
vertex = AnthropicVertex(region="us-east5", project_id="acme-prod")
oai = OpenAI()

a = bedrock.messages.create(model="anthropic.claude-3-5-sonnet-20241022-v2:0", max_tokens=256, messages=[])
b = vertex.messages.create(model="claude-3-5-sonnet-v2@20241022", max_tokens=256, messages=[])
assistant = oai.beta.assistants.create(model="gpt-4-turbo", name="helper", tools=[{"type": "code_interpreter"}])
text = oai.audio.transcriptions.create(model="whisper-1", file=open("call.mp3", "rb"))
img = oai.images.generate(model="dall-e-3", prompt="a lighthouse", size="1024x1024")
