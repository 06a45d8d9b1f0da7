module example.com/kimi-bot

go 1.22

require (
	github.com/sashabaranov/go-openai v1.32.0
	github.com/spf13/cobra v1.8.1
)
