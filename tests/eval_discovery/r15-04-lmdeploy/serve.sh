#!/bin/sh
# Serve InternLM with LMDeploy's TurboMind backend
lmdeploy serve api_server internlm/internlm2_5-7b-chat --server-port 23333 --tp 1 --backend turbomind
