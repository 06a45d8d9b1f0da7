import json
import os

import boto3

bedrock = boto3.client("bedrock-runtime", region_name=os.getenv("AWS_REGION", "eu-west-1"))
MODEL_ID = os.environ.get("MODEL_ID", "meta.llama3-1-70b-instruct-v1:0")


def embed(text: str) -> list[float]:
    body = json.dumps({"inputText": text})
    out = bedrock.invoke_model(modelId=os.environ["EMBED_MODEL_ID"], body=body)
    return json.loads(out["body"].read())["embedding"]


def handler(event, context):
    reply = bedrock.converse(
        modelId=MODEL_ID,
        messages=[{"role": "user", "content": [{"text": event["question"]}]}],
    )
    critique = bedrock.converse(modelId="anthropic.claude-3-5-haiku-20241022-v1:0", messages=[])
    return {"answer": reply["output"]["message"]["content"][0]["text"]}
