plugins {
    java
    application
}

dependencies {
    implementation("com.openai:openai-java:0.8.1")
    implementation("com.google.guava:guava:33.3.1-jre")
}
