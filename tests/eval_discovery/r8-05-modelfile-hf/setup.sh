#!/bin/sh
ollama create acme-support -f Modelfile
ollama run hf.co/unsloth/gemma-3-4b-it-GGUF:Q8_0 "warm up"
ollama run acme-support "hello"
