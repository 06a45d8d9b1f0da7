module example.com/rev

go 1.23

require github.com/anthropics/anthropic-sdk-go v0.2.0-alpha.4
