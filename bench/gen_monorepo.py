"""Generate a synthetic monorepo (code, tests, configs, notebooks, docs, infra, data, a few model files) for benchmarks.

    python bench/gen_monorepo.py bench/out/mono-10k --files 10000 [--seed 1] [--no-git] [--polyglot]

--polyglot turns 30 of the 50 code percent into TypeScript/JavaScript, Go, Java, Kotlin, C# and Rust sources (with
package.json, go.mod, pom.xml, Cargo.toml and .csproj manifests next to them).
Deterministic for a given seed and size. About 2% of the files sit in folders aiscan skips by default
(node_modules, a virtual environment, build/); a .gitignore'd folder is added on top of the count.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import struct
import subprocess
from pathlib import Path

MODELS = ["meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "BAAI/bge-large-en-v1.5", "mistralai/Mistral-7B-v0.1",
          "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "sentence-transformers/all-MiniLM-L6-v2", "google/gemma-2-9b-it",
          "microsoft/phi-2", "THUDM/glm-4-9b-chat", "openai/whisper-small"]
OLLAMA = ["llama3.1:8b", "qwen2.5:7b", "deepseek-r1:14b", "mistral:latest"]
WORDS = "alpha beta gamma delta user order item cache client server batch index token record event stream handler".split()

# share of generated files per kind (must sum to 1)
MIX = [("code", 0.50), ("test", 0.12), ("config", 0.09), ("notebook", 0.02), ("doc", 0.12), ("infra", 0.03),
       ("req", 0.02), ("data", 0.08), ("skipped", 0.02)]


# --polyglot: code split between Python and the tree-sitter languages (shares of the 0.50 "code" part)
POLYGLOT_MIX = [("code", 0.20), ("ts", 0.10), ("js", 0.04), ("go", 0.05), ("java", 0.04), ("kotlin", 0.02), ("csharp", 0.03),
                ("rust", 0.02), ("manifest", 0.02), ("test", 0.10), ("config", 0.08), ("notebook", 0.02), ("doc", 0.10),
                ("infra", 0.03), ("req", 0.01), ("data", 0.08), ("skipped", 0.02), ("ui", 0.04)]
API_MODELS = ["gpt-4o-mini", "claude-3-5-sonnet-20241022", "deepseek-chat", "qwen-plus", "glm-4-plus", "gemini-1.5-pro"]


def ident(rng: random.Random) -> str:
    return f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{rng.randint(0, 99)}"


def python_module(rng: random.Random, with_model: bool) -> str:
    lines = ['"""Module generated for benchmarks."""', "", "from __future__ import annotations", "", "import os", "import json",
             "from dataclasses import dataclass", ""]
    if with_model:
        model = rng.choice(MODELS)
        style = rng.randrange(3)
        if style == 0:
            lines += ["from transformers import AutoModelForCausalLM, AutoTokenizer", "", f'MODEL_ID = "{model}"', "",
                      "def load():", "    tok = AutoTokenizer.from_pretrained(MODEL_ID)",
                      "    return tok, AutoModelForCausalLM.from_pretrained(MODEL_ID, torch_dtype='auto')", ""]
        elif style == 1:
            lines += ["from sentence_transformers import SentenceTransformer", "",
                      f'encoder = SentenceTransformer(os.getenv("EMBED_MODEL", "{model}"))', ""]
        else:
            lines += ["import ollama", "", "def ask(q: str) -> str:",
                      f'    return ollama.chat(model="{rng.choice(OLLAMA)}", messages=[{{"role": "user", "content": q}}])["message"]["content"]', ""]
    for _ in range(rng.randint(2, 14)):
        name = ident(rng)
        lines += ["@dataclass", f"class {name.title().replace('_', '')}:", f"    {ident(rng)}: int = {rng.randint(0, 999)}",
                  f"    {ident(rng)}: str = {json.dumps(rng.choice(WORDS))}", "",
                  f"    def {ident(rng)}(self, value: int) -> dict[str, int]:",
                  f"        result = {{k: v * value for k, v in enumerate(range({rng.randint(1, 50)}))}}",
                  "        for key in list(result):",
                  "            if key % 3 == 0:",
                  "                result[key] += len(json.dumps(result))",
                  "        return {str(k): v for k, v in result.items()}", ""]
    return "\n".join(lines) + "\n"


def _camel(rng: random.Random) -> str:
    return ident(rng).title().replace("_", "")


def ts_module(rng: random.Random, with_model: bool, js: bool = False) -> str:
    lines = ['import { readFile } from "node:fs/promises";', ""]
    if with_model:
        lines[:0] = ['import OpenAI from "openai";']
        lines += [f'const MODEL = process.env.CHAT_MODEL ?? "{rng.choice(API_MODELS)}";', "const client = new OpenAI();", "",
                  "export async function ask(q" + ("" if js else ": string") + ") {",
                  "  return client.chat.completions.create({ model: MODEL, messages: [{ role: \"user\", content: q }] });", "}", ""]
    for _ in range(rng.randint(2, 12)):
        name = _camel(rng)
        typed = "" if js else ": number"
        lines += [f"export class {name} {{", f"  private {ident(rng)}{typed} = {rng.randint(0, 999)};",
                  f"  {ident(rng)}(value{typed})" + ("" if js else ": Record<string, number>") + " {",
                  "    const result" + ("" if js else ": Record<string, number>") + " = {};",
                  f"    for (let i = 0; i < {rng.randint(1, 50)}; i++) {{ result[String(i)] = i * value; }}",
                  f"    return {{ ...result, label: {rng.randint(0, 9)} }};", "  }", "}", ""]
    return "\n".join(lines) + "\n"


def ui_module(rng: random.Random) -> str:
    """A React component whose text mentions models (UI text: never a reference)."""
    return (f'export function {_camel(rng)}() {{\n  return (<div title="{rng.choice(API_MODELS)}"><h2>Chat with {rng.choice(API_MODELS)}</h2>'
            f'<p>{" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))}</p></div>);\n}}\n')


def go_module(rng: random.Random, with_model: bool) -> str:
    lines = ["package main", "", 'import "fmt"', ""]
    if with_model:
        lines = ["package main", "", "import (", '\t"fmt"', '\tollama "github.com/ollama/ollama/api"', ")", "",
                 f'var req = &ollama.GenerateRequest{{Model: "{rng.choice(OLLAMA)}"}}', ""]
    for _ in range(rng.randint(2, 12)):
        name = _camel(rng)
        lines += [f"type {name} struct {{ N int }}", "", f"func (s {name}) {_camel(rng)}(v int) map[string]int {{",
                  "\tout := map[string]int{}", f"\tfor i := 0; i < {rng.randint(1, 50)}; i++ {{", '\t\tout[fmt.Sprint(i)] = i * v * s.N', "\t}",
                  "\treturn out", "}", ""]
    return "\n".join(lines) + "\n"


def java_module(rng: random.Random, with_model: bool, cls: str) -> str:
    body = []
    if with_model:
        body += [f'    static final String MODEL = "{rng.choice(API_MODELS)}";',
                 "    Object options() { return org.springframework.ai.openai.OpenAiChatOptions.builder().model(MODEL).build(); }"]
    for _ in range(rng.randint(2, 12)):
        body += [f"    public java.util.Map<String, Integer> {ident(rng)}(int value) {{", "        var out = new java.util.HashMap<String, Integer>();",
                 f"        for (int i = 0; i < {rng.randint(1, 50)}; i++) {{ out.put(String.valueOf(i), i * value); }}", "        return out;", "    }"]
    return f"package app;\n\npublic class {cls} {{\n" + "\n".join(body) + "\n}\n"


def kotlin_module(rng: random.Random, with_model: bool) -> str:
    lines = ["package app", ""]
    if with_model:
        lines += ["import com.aallam.openai.api.model.ModelId", f'val model = ModelId("{rng.choice(API_MODELS)}")', ""]
    for _ in range(rng.randint(2, 12)):
        lines += [f"fun {ident(rng)}(value: Int): Map<String, Int> = (0 until {rng.randint(1, 50)}).associate {{ it.toString() to it * value }}", ""]
    return "\n".join(lines) + "\n"


def csharp_module(rng: random.Random, with_model: bool, cls: str) -> str:
    body = []
    if with_model:
        body += [f'    public static OpenAI.Chat.ChatClient Client() => new("{rng.choice(API_MODELS)}", "key");']
    for _ in range(rng.randint(2, 12)):
        body += [f"    public Dictionary<string, int> {_camel(rng)}(int value)", "    {", "        var result = new Dictionary<string, int>();",
                 f"        for (var i = 0; i < {rng.randint(1, 50)}; i++) result[i.ToString()] = i * value;", "        return result;", "    }"]
    return f"namespace App;\n\npublic class {cls}\n{{\n" + "\n".join(body) + "\n}\n"


def rust_module(rng: random.Random, with_model: bool) -> str:
    lines = ["use std::collections::HashMap;", ""]
    if with_model:
        lines += ["use ollama_rs::generation::completion::request::GenerationRequest;", "",
                  f'pub fn req(p: String) -> GenerationRequest {{ GenerationRequest::new("{rng.choice(OLLAMA)}".to_string(), p) }}', ""]
    for _ in range(rng.randint(2, 12)):
        lines += [f"pub fn {ident(rng)}(value: i64) -> HashMap<String, i64> {{", "    let mut out = HashMap::new();",
                  f"    for i in 0..{rng.randint(1, 50)} {{ out.insert(i.to_string(), i * value); }}", "    out", "}", ""]
    return "\n".join(lines) + "\n"


def manifest(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(5)
    if kind == 0:
        deps = {"openai": "^4.67.0", "react": "18.3.1", "zod": "^3.23.8"}
        return "package.json", json.dumps({"name": ident(rng), "dependencies": dict(rng.sample(sorted(deps.items()), 2))}, indent=2)
    if kind == 1:
        return "go.mod", "module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/ollama/ollama v0.4.7\n\tgithub.com/spf13/cobra v1.8.1\n)\n"
    if kind == 2:
        return "pom.xml", ("<project><dependencies><dependency><groupId>org.springframework.ai</groupId>"
                           "<artifactId>spring-ai-openai-spring-boot-starter</artifactId><version>1.0.0</version></dependency>"
                           "</dependencies></project>\n")
    if kind == 3:
        return "Cargo.toml", '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\nollama-rs = "0.2"\nserde = "1"\n'
    return "Svc.csproj", '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="OpenAI" Version="2.1.0" /></ItemGroup></Project>\n'


def notebook(rng: random.Random, with_model: bool) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Experiment\n", "Notes on the run.\n"]}]
    code = python_module(rng, with_model).splitlines(keepends=True)
    cells.append({"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": code[:60]})
    cells.append({"cell_type": "code", "execution_count": 2, "metadata": {}, "source": ["print('done')\n"],
                  "outputs": [{"output_type": "stream", "name": "stdout", "text": ["done\n"] * rng.randint(1, 50)}]})
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def config_file(rng: random.Random, with_model: bool) -> tuple[str, str]:
    kind = rng.choice(["yaml", "json", "toml", "env", "ini"])
    model = rng.choice(MODELS)
    keys = {ident(rng): rng.randint(0, 1000) for _ in range(rng.randint(3, 25))}
    if with_model:
        keys["model_name_or_path"] = model
    if kind == "yaml":
        return "config.yaml", "\n".join(f"{k}: {json.dumps(v)}" for k, v in keys.items()) + "\nnested:\n  level: 2\n  items: [1, 2, 3]\n"
    if kind == "json":
        return "settings.json", json.dumps({"service": keys, "list": list(range(rng.randint(1, 40)))}, indent=2)
    if kind == "toml":
        return "settings.toml", "[service]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in keys.items()) + "\n"
    if kind == "env":
        return ".env", "\n".join(f"{k.upper()}={v}" for k, v in keys.items()) + "\n"
    return "setup.ini", "[main]\n" + "\n".join(f"{k} = {v}" for k, v in keys.items()) + "\n"


def doc(rng: random.Random) -> tuple[str, str]:
    body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120))) for _ in range(rng.randint(2, 12)))
    return rng.choice(["README.md", "design.md", "notes.rst", "CHANGES.txt"]), f"# {ident(rng)}\n\n{body}\n"


def infra(rng: random.Random, with_model: bool) -> tuple[str, str]:
    model = rng.choice(MODELS)
    if rng.random() < 0.5:
        serve = f'CMD ["vllm", "serve", "{model}"]\n' if with_model else 'CMD ["python", "-m", "app"]\n'
        return "Dockerfile", f"FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n{serve}"
    dl = f"hf download {model}\n" if with_model else ""
    return "run.sh", f"#!/usr/bin/env bash\nset -euo pipefail\n{dl}python -m app --port {rng.randint(8000, 9000)}\n"


def requirements(rng: random.Random) -> str:
    pkgs = ["requests>=2", "numpy", "pydantic==2.8.2", "fastapi", "uvicorn", "transformers==4.44.0", "torch>=2.3",
            "openai>=1.40", "sentence-transformers", "langchain", "boto3", "sqlalchemy"]
    return "\n".join(rng.sample(pkgs, rng.randint(2, 8))) + "\n"


def data_file(rng: random.Random) -> tuple[str, bytes]:
    if rng.random() < 0.5:
        rows = "\n".join(",".join(str(rng.randint(0, 10**6)) for _ in range(8)) for _ in range(rng.randint(10, 300)))
        return "data.csv", rows.encode()
    return "image.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randint(500, 20000))


def safetensors(rng: random.Random) -> bytes:
    n = rng.randint(4, 64)
    header = json.dumps({"__metadata__": {"format": "pt"}, "w": {"dtype": "F32", "shape": [n], "data_offsets": [0, 4 * n]}}).encode()
    return struct.pack("<Q", len(header)) + header + rng.randbytes(4 * n)


def pickle_bytes(unsafe: bool) -> bytes:
    import pickle

    if unsafe:  # GLOBAL os.system + REDUCE, built by hand: never executed
        return b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03."
    return pickle.dumps({"weights": list(range(200)), "name": "bench"}, protocol=4)


def gguf(rng: random.Random) -> bytes:
    def s(text: str) -> bytes:
        return struct.pack("<Q", len(text)) + text.encode()

    kv = s("general.name") + struct.pack("<I", 8) + s("bench-model")
    kv += s("general.architecture") + struct.pack("<I", 8) + s("llama")
    return b"GGUF" + struct.pack("<IQQ", 3, 0, 2) + kv + rng.randbytes(256)


def generate(out: Path, n: int, seed: int, git: bool, polyglot: bool = False) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - deterministic test data
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts: dict[str, int] = {}
    mix = POLYGLOT_MIX if polyglot else MIX
    kinds = [k for k, _ in mix]
    weights = [w for _, w in mix]
    services = max(1, n // 400)
    written = 0
    while written < n:
        kind = rng.choices(kinds, weights)[0]
        svc = f"services/svc{rng.randrange(services):03d}"
        pkg = f"{svc}/src/{rng.choice(WORDS)}{rng.randrange(4)}"
        with_model = rng.random() < 0.03
        if kind == "code":
            rel, data = f"{pkg}/{ident(rng)}.py", python_module(rng, with_model).encode()
        elif kind == "test":
            rel, data = f"{svc}/tests/test_{ident(rng)}.py", python_module(rng, with_model and rng.random() < 0.3).encode()
        elif kind == "config":
            name, text = config_file(rng, with_model)
            rel, data = f"{svc}/config/{ident(rng)}/{name}", text.encode()
        elif kind == "notebook":
            rel, data = f"{svc}/notebooks/{ident(rng)}.ipynb", notebook(rng, rng.random() < 0.2).encode()
        elif kind == "doc":
            name, text = doc(rng)
            rel, data = f"{svc}/docs/{ident(rng)}/{name}", text.encode()
        elif kind == "infra":
            name, text = infra(rng, with_model)
            rel, data = f"{svc}/deploy/{ident(rng)}/{name}", text.encode()
        elif kind == "req":
            rel, data = f"{svc}/requirements-{ident(rng)}.txt", requirements(rng).encode()
        elif kind in ("ts", "js"):
            rel, data = f"{pkg}/{ident(rng)}.{kind}", ts_module(rng, with_model, js=kind == "js").encode()
        elif kind == "ui":
            rel, data = f"{svc}/web/{ident(rng)}.tsx", ui_module(rng).encode()
        elif kind == "go":
            rel, data = f"{pkg}/{ident(rng)}.go", go_module(rng, with_model).encode()
        elif kind == "java":
            cls = _camel(rng)
            rel, data = f"{svc}/src/main/java/app/{cls}.java", java_module(rng, with_model, cls).encode()
        elif kind == "kotlin":
            rel, data = f"{svc}/src/main/kotlin/{ident(rng)}.kt", kotlin_module(rng, with_model).encode()
        elif kind == "csharp":
            cls = _camel(rng)
            rel, data = f"{svc}/dotnet/{cls}.cs", csharp_module(rng, with_model, cls).encode()
        elif kind == "rust":
            rel, data = f"{svc}/crates/{ident(rng)}/src/lib.rs", rust_module(rng, with_model).encode()
        elif kind == "manifest":
            name, text = manifest(rng)
            rel, data = f"{svc}/pkg/{ident(rng)}/{name}", text.encode()
        elif kind == "data":
            name, blob = data_file(rng)
            rel, data = f"{svc}/data/{ident(rng)}/{name}", blob
        else:
            where = rng.choice(["node_modules/pkg", ".venv/lib/python3.11/site-packages/lib", "build/lib/app"])
            rel, data = f"{svc}/{where}/{ident(rng)}.py", python_module(rng, with_model).encode()
        path = out / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        counts[kind] = counts.get(kind, 0) + 1
        written += 1
    (out / "services" / "svc000" / ".venv").mkdir(parents=True, exist_ok=True)
    (out / "services" / "svc000" / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    model_dir = out / "services" / "svc000" / "models"
    model_dir.mkdir(parents=True, exist_ok=True)
    for i in range(max(2, n // 5000)):
        (model_dir / f"adapter-{i}.safetensors").write_bytes(safetensors(rng))
        (model_dir / f"classifier-{i}.pkl").write_bytes(pickle_bytes(unsafe=i == 0))
        (model_dir / f"tiny-{i}.gguf").write_bytes(gguf(rng))
    counts["model"] = 3 * max(2, n // 5000)
    ignored = out / "generated"
    for i in range(50):
        path = ignored / f"gen{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(python_module(rng, True))
    (out / ".gitignore").write_text("generated/\n*.log\n")
    if git and shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=out, check=True)
        subprocess.run(["git", "add", "-A"], cwd=out, check=True)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-git", action="store_true")
    parser.add_argument("--polyglot", action="store_true", help="also TS/JS, Go, Java, Kotlin, C#, Rust sources and their manifests")
    args = parser.parse_args()
    counts = generate(args.out, args.files, args.seed, not args.no_git, args.polyglot)
    print(json.dumps({"root": str(args.out), "files": sum(counts.values()), "by_kind": counts}))


if __name__ == "__main__":
    main()
