package app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatCompletionCreateParams;

public final class Summary {
    public static String run(String text) {
        OpenAIClient client = OpenAIOkHttpClient.fromEnv();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4.1")
                .addUserMessage(text)
                .build();
        return client.chat().completions().create(params).toString();
    }
}
