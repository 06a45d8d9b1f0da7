package main

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

// ReviewModel is the model used for code review (was claude-2.1).
const ReviewModel = "claude-3-5-sonnet-20241022"

func review(ctx context.Context, c *anthropic.Client, diff string) error {
	_, err := c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.F(ReviewModel),
		MaxTokens: anthropic.F(int64(1024)),
	})
	return err
}
