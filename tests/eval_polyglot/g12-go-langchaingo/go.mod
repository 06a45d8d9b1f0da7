module example.com/lcgo

go 1.22

require (
	github.com/tmc/langchaingo v0.1.12
	github.com/joho/godotenv v1.5.1
)
