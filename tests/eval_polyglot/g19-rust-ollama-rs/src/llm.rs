use ollama_rs::{generation::completion::request::GenerationRequest, Ollama};

/// Default model; `llama3` also works.
pub async fn summarise(text: &str) -> String {
    let ollama = Ollama::default();
    let req = GenerationRequest::new("llama3.2:3b".to_string(), text.to_string());
    ollama.generate(req).await.map(|r| r.response).unwrap_or_default()
}
