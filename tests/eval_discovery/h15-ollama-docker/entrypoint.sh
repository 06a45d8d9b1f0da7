#!/usr/bin/env bash
set -e
ollama serve &
until curl -s localhost:11434 >/dev/null; do sleep 1; done
for m in ${EXTRA_MODELS:-llava:7b granite3.1-dense:2b}; do
  ollama pull "$m"
done
wait
