module example.com/ark

go 1.22

require github.com/volcengine/volcengine-go-sdk v1.0.160
