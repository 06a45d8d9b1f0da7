plugins { kotlin("jvm") version "2.0.21" }

dependencies {
    implementation("com.aallam.openai:openai-client:3.8.2")
    implementation("io.ktor:ktor-client-okhttp:2.3.12")
}
