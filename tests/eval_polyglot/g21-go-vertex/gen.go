package main

import (
	"context"

	"cloud.google.com/go/vertexai/genai"
)

func generate(ctx context.Context, project string) error {
	client, err := genai.NewClient(ctx, project, "europe-west4")
	if err != nil {
		return err
	}
	defer client.Close()
	model := client.GenerativeModel("gemini-1.5-pro-002")
	_, err = model.GenerateContent(ctx, genai.Text("hello"))
	return err
}
