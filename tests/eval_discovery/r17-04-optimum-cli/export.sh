#!/usr/bin/env bash
set -e
optimum-cli export onnx --model distilbert/distilbert-base-uncased-distilled-squad --task question-answering onnx/qa/
optimum-cli export openvino --model TinyLlama/TinyLlama-1.1B-Chat-v1.0 --weight-format int4 ov/tinyllama
python -m spacy download en_core_web_sm
