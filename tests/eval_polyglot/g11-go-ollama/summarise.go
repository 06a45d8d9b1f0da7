package main

import (
	"context"
	"log"

	"github.com/ollama/ollama/api"
)

func main() {
	client, err := api.ClientFromEnvironment()
	if err != nil {
		log.Fatal(err)
	}
	req := &api.GenerateRequest{Model: "qwen2.5:7b", Prompt: "Summarise the release notes"}
	// older versions used "llama2" here
	_ = client.Generate(context.Background(), req, func(r api.GenerateResponse) error { return nil })
}
