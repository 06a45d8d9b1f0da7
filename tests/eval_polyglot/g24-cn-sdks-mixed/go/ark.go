package main

import (
	"context"
	"os"

	"github.com/volcengine/volcengine-go-sdk/service/arkruntime"
	"github.com/volcengine/volcengine-go-sdk/service/arkruntime/model"
)

func ask(q string) {
	client := arkruntime.NewClientWithApiKey(os.Getenv("ARK_API_KEY"))
	req := model.CreateChatCompletionRequest{Model: "doubao-1-5-pro-32k-250115"}
	_, _ = client.CreateChatCompletion(context.Background(), req)
}
