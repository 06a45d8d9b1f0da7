package a;

import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;

public class Chat {
    private static final String MODEL_ID = "meta.llama3-1-70b-instruct-v1:0";

    String ask(BedrockRuntimeClient client, String q) {
        var request = ConverseRequest.builder().modelId(MODEL_ID).build();
        return client.converse(request).toString();
    }
}
