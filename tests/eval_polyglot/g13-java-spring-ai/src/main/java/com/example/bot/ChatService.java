package com.example.bot;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Service;

@Service
public class ChatService {
    private final ChatClient chat;

    public ChatService(ChatClient.Builder builder) {
        this.chat = builder.defaultOptions(OpenAiChatOptions.builder().model("gpt-4o").temperature(0.2).build()).build();
    }

    public String answer(String q) {
        return chat.prompt().user(q).call().content();
    }
}
