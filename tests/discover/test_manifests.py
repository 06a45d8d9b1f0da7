"""npm, Go, Maven/Gradle, Cargo and NuGet manifests and locks: ecosystem-keyed package references with exact versions."""

from __future__ import annotations

from pathlib import Path

from .helpers import scan


def _pkgs(refs: list) -> dict[str, str | None]:  # type: ignore[type-arg]
    return {r.identifier: r.specifier for r in refs if r.kind.value == "package"}


def test_package_json_sections_and_aliases(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"package.json": '{"dependencies": {"ollama": "0.5.9", "left-pad": "^1"}, "devDependencies": {"@Types/Node": "22"},'
                                           ' "peerDependencies": {"my-openai": "npm:openai@^4"}}'})
    assert _pkgs(refs) == {"npm:ollama": "==0.5.9", "npm:left-pad": "^1", "npm:@types/node": "22", "npm:my-openai": "^4"}


def test_npm_locks_v1_pnpm_v6_and_yarn_berry(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "a/package-lock.json": '{"lockfileVersion": 1, "dependencies": {"openai": {"version": "3.3.0"}}}',
        "b/pnpm-lock.yaml": "lockfileVersion: '6.0'\n\npackages:\n\n  /@langchain/core@0.2.18:\n    resolution: {integrity: x}\n"
                            "    dependencies:\n      zod: 3.23.8\n",
        "c/yarn.lock": '__metadata:\n  version: 8\n\n"ai@npm:^3.4.0":\n  version: 3.4.33\n  resolution: "ai@npm:3.4.33"\n',
    })
    assert _pkgs(refs) == {"npm:openai": "==3.3.0", "npm:@langchain/core": "==0.2.18", "npm:ai": "==3.4.33"}


def test_go_mod_single_line_and_indirect(tmp_path: Path) -> None:
    refs = scan(tmp_path, {"go.mod": "module x\n\ngo 1.22\n\nrequire github.com/openai/openai-go v0.1.0-alpha.61\n"
                                      "require (\n\tgoogle.golang.org/genai v1.0.0 // indirect\n)\nreplace a => b v1.0.0\n"})
    assert _pkgs(refs) == {"go:github.com/openai/openai-go": "==v0.1.0-alpha.61", "go:google.golang.org/genai": "==v1.0.0"}


def test_pom_properties_comments_and_gradle_forms(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "pom.xml": "<project><properties><lc4j>1.0.0</lc4j></properties><dependencies>"
                   "<!-- <dependency><groupId>x</groupId><artifactId>gone</artifactId></dependency> -->"
                   "<dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j</artifactId><version>${lc4j}</version></dependency>"
                   "</dependencies></project>",
        "g/build.gradle": "dependencies {\n  implementation 'com.google.genai:google-genai:1.0.0'\n"
                          "  implementation group: 'ai.djl', name: 'api', version: '0.30.0'\n}\n",
    })
    assert _pkgs(refs) == {"maven:dev.langchain4j:langchain4j": "==1.0.0", "maven:com.google.genai:google-genai": "==1.0.0",
                           "maven:ai.djl:api": "==0.30.0"}


def test_cargo_workspace_renamed_and_lock(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "Cargo.toml": '[workspace.dependencies]\nhf-hub = "0.3"\n[target.\'cfg(unix)\'.dependencies]\nort = { version = "2.0.0-rc.9" }\n'
                      '[dependencies]\nllm = { package = "rig-core", version = "0.6" }\n',
        "Cargo.lock": '[[package]]\nname = "candle-core"\nversion = "0.8.0"\n',
    })
    assert _pkgs(refs) == {"cargo:hf-hub": "0.3", "cargo:ort": "2.0.0-rc.9", "cargo:rig-core": "0.6", "cargo:candle-core": "==0.8.0"}


def test_nuget_forms(tmp_path: Path) -> None:
    refs = scan(tmp_path, {
        "packages.config": '<packages><package id="Microsoft.ML" version="3.0.1" targetFramework="net48" /></packages>',
        "App.fsproj": '<Project><ItemGroup><PackageReference Include="OllamaSharp"><Version>4.0.8</Version></PackageReference>'
                      '<PackageReference Include="Foo" Version="[1.0,2.0)" /></ItemGroup></Project>',
    })
    assert _pkgs(refs) == {"nuget:Microsoft.ML": "==3.0.1", "nuget:OllamaSharp": "==4.0.8", "nuget:Foo": "[1.0,2.0)"}
