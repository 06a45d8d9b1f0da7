using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace Chat;

public static class Bots
{
    public static ChatClient Default() => new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

    public static ChatClient DeepSeek()
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri("https://api.deepseek.com/v1") };
        return new ChatClient(model: "deepseek-reasoner", new ApiKeyCredential("key"), options);
    }
}
