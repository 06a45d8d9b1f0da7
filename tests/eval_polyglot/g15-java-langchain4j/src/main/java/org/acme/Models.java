package org.acme;

import dev.langchain4j.model.chat.ChatLanguageModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

public class Models {
    /** Remote model; we evaluated gpt-4-turbo before. */
    static ChatLanguageModel remote() {
        return OpenAiChatModel.builder()
                .baseUrl("https://api.deepseek.com")
                .apiKey(System.getenv("DEEPSEEK_KEY"))
                .modelName("deepseek-chat")
                .build();
    }

    static ChatLanguageModel local() {
        return OllamaChatModel.builder().baseUrl("http://localhost:11434").modelName("qwen2.5:14b").build();
    }
}
