use async_openai::{config::OpenAIConfig, types::CreateChatCompletionRequestArgs, Client};

const MODEL: &str = "Qwen/Qwen2.5-72B-Instruct";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = OpenAIConfig::new().with_api_base("https://api.siliconflow.cn/v1");
    let client = Client::with_config(config);
    let request = CreateChatCompletionRequestArgs::default().model(MODEL).max_tokens(256u32).build()?;
    let default_client = Client::new();
    let embed = async_openai::types::CreateEmbeddingRequestArgs::default().model("text-embedding-3-small").build()?;
    let _ = (client.chat().create(request).await?, default_client.embeddings().create(embed).await?);
    Ok(())
}
