"""Package manifests and lock files outside Python: npm, Go modules, Maven/Gradle, Cargo and NuGet."""
