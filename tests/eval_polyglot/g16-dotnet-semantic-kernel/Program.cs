using Microsoft.SemanticKernel;

var builder = Kernel.CreateBuilder();
builder.AddOpenAIChatCompletion(modelId: "gpt-4o", apiKey: Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
builder.AddAzureOpenAIChatCompletion("support-gpt4o-deploy", "https://acme.openai.azure.com/", Environment.GetEnvironmentVariable("AZURE_KEY")!);
var kernel = builder.Build();
// TODO: try "o1-preview" later
Console.WriteLine(await kernel.InvokePromptAsync("Hello"));
