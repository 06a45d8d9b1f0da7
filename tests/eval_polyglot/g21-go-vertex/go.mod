module example.com/vx

go 1.22

require cloud.google.com/go/vertexai v0.13.2
