from flask import Flask, current_app, jsonify, request
from groq import Groq
from transformers import pipeline


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_prefixed_env()
    app.config.setdefault("SUMMARY_MODEL", "llama-3.1-8b-instant")
    app.config["NER_CHECKPOINT"] = "dslim/bert-base-NER"

    @app.post("/summarise")
    def summarise():
        client = Groq()
        out = client.chat.completions.create(model=current_app.config["SUMMARY_MODEL"], messages=[{"role": "user", "content": request.json["text"]}])
        return jsonify(out.choices[0].message.content)

    @app.post("/entities")
    def entities():
        ner = pipeline("ner", model=current_app.config["NER_CHECKPOINT"], aggregation_strategy="simple")
        return jsonify(ner(request.json["text"]))

    return app
