module example.com/summ

go 1.23

require github.com/ollama/ollama v0.4.7
