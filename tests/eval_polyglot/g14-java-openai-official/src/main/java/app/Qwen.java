package app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatCompletionCreateParams;

public final class Qwen {
    private static final String MODEL = "qwen-plus";

    public static String run(String text) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .apiKey(System.getenv("DASHSCOPE_API_KEY"))
                .baseUrl("https://dashscope.aliyuncs.com/compatible-mode/v1")
                .build();
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(text).build()).toString();
    }
}
