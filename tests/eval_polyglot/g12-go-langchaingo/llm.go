package main

import (
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

func newLLMs() error {
	fast, err := openai.New(
		openai.WithModel("llama-3.3-70b-versatile"),
		openai.WithBaseURL("https://api.groq.com/openai/v1"),
	)
	if err != nil {
		return err
	}
	local, err := ollama.New(ollama.WithModel("llama3.2"))
	_, _ = fast, local
	return err
}
