using OllamaSharp;

var ollama = new OllamaApiClient(new Uri("http://localhost:11434"));
ollama.SelectedModel = "phi3.5:3.8b";
await foreach (var token in ollama.GenerateAsync("hi")) Console.Write(token?.Response);
