"""Non-Python source files (JavaScript/TypeScript, Go, Java, Kotlin, C#, Rust) read with tree-sitter grammars."""
