import com.aallam.openai.api.chat.ChatCompletionRequest
import com.aallam.openai.api.chat.ChatMessage
import com.aallam.openai.api.model.ModelId
import com.aallam.openai.client.OpenAI

suspend fun main() {
    val openAI = OpenAI(token = System.getenv("OPENAI_API_KEY"))
    val request = ChatCompletionRequest(model = ModelId("gpt-4o"), messages = listOf(ChatMessage.User("Hi")))
    println(openAI.chatCompletion(request).choices.first().message.content)
}
