"""A constructed, deliberately rich and hostile Report: the stable input of the golden and browser tests."""

from __future__ import annotations

from scanner.models import (
    Context,
    FileIssue,
    Finding,
    License,
    LineageHop,
    Location,
    Model,
    ModelFile,
    Origin,
    Package,
    Reference,
    RefKind,
    Report,
    ScanError,
    Severity,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
RTL = "invoice\u202egnp.exe"
ANSI = "\x1b[31mred\x1b[0m"
HOSTILE = (SCRIPT, IMG, TEMPLATE, RTL)

CONCERN = ("CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE")

QWEN_ORIGIN = Origin(developer="Alibaba Cloud (Qwen team)", country="CN", source="registry", confidence="high")
META = Origin(developer="Meta", country="US", source="registry", confidence="high")
ACME = Origin(developer="Acme Labs", country="US", source="hub", confidence="medium")


def ref(
    kind: RefKind,
    ident: str,
    path: str,
    line: int | None,
    context: Context = Context.CODE,
    *,
    cell: int | None = None,
    evidence: str = "",
    provider: str | None = None,
) -> Reference:
    return Reference(
        kind=kind,
        identifier=ident,
        location=Location(path=path, line=line, cell=cell),
        detector="test",
        evidence=evidence or f"load({ident!r})",
        context=context,
        provider=provider,
    )


def models() -> tuple[Model, ...]:
    qwen_refs = (
        ref(RefKind.HF_MODEL, "Qwen/Qwen2.5-7B-Instruct", "app/generator.py", 9),
        ref(RefKind.HF_MODEL, "Qwen/Qwen2.5-7B-Instruct", "app/generator.py", 10),
    )
    acme_refs = (
        ref(RefKind.HF_MODEL, "acme/qwen-ft-GGUF", "config/models.yaml", 3, Context.CONFIG),
        ref(RefKind.HF_MODEL, "acme/qwen-ft-GGUF", "Dockerfile", 12, Context.INFRA),
    )
    evil_id = f"evil/{SCRIPT}"
    return (
        Model(
            id="Qwen/Qwen2.5-7B-Instruct",
            kind=RefKind.HF_MODEL,
            origin=QWEN_ORIGIN,
            base=QWEN_ORIGIN,
            family="qwen",
            license=License(
                raw="other",
                name="Qwen License",
                category="restricted",
                url="https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE",
                flags=("monthly-user-cap",),
            ),
            formats=("safetensors",),
            references=qwen_refs,
            extra={
                "pipeline_tag": "text-generation",
                "hub": {"status": "found", "model_type": "qwen2"},
                "alternatives": [
                    {"model": "mistralai/Mistral-7B-Instruct-v0.3", "developer": "Mistral AI", "country": "FR", "license": "Apache-2.0", "params_b": 7.2},
                    "meta-llama/Llama-3.1-8B-Instruct",
                ],
            },
        ),
        Model(
            id="acme/qwen-ft-GGUF",
            kind=RefKind.HF_MODEL,
            origin=ACME,
            base=QWEN_ORIGIN,
            base_model="Qwen/Qwen2.5-7B",
            lineage=(
                LineageHop(child="acme/qwen-ft-GGUF", parent="acme/qwen-ft", relation="quantized", source="hub", origin=ACME),
                LineageHop(child="acme/qwen-ft", parent="Qwen/Qwen2.5-7B", relation="finetune", source="card", origin=QWEN_ORIGIN),
            ),
            license=License(raw="apache-2.0", spdx="Apache-2.0", name="Apache License 2.0", category="permissive"),
            formats=("gguf",),
            references=acme_refs,
            pinned=True,
            revision="0123456789abcdef0123456789abcdef01234567",
        ),
        Model(
            id="meta-llama/Llama-3.1-8B",
            kind=RefKind.HF_MODEL,
            origin=META,
            base=META,
            family="llama",
            license=License(raw="llama3.1", name="Llama 3.1 Community License", category="restricted", flags=("monthly-user-cap", "attribution")),
            gated=True,
            references=(ref(RefKind.HF_MODEL, "meta-llama/Llama-3.1-8B", "notebooks/explore.ipynb", 2, Context.NOTEBOOK, cell=4),),
        ),
        Model(
            id="deepseek-chat",
            kind=RefKind.API_MODEL,
            provider="deepseek",
            origin=Origin(developer="DeepSeek", country="CN", source="registry", confidence="high"),
            base=Origin(developer="DeepSeek", country="CN", source="registry", confidence="high"),
            license=License(raw="deepseek", name="DeepSeek License", category="restricted"),
            references=(ref(RefKind.API_MODEL, "deepseek-chat", "app/llm.py", 21, provider="deepseek"),),
        ),
        Model(
            id="llama3.1:8b",
            kind=RefKind.OLLAMA,
            origin=META,
            base=META,
            family="llama",
            license=License(raw="llama3.1", name="Llama 3.1 Community License", category="restricted"),
            references=(ref(RefKind.OLLAMA, "llama3.1:8b", "Modelfile", 1, Context.INFRA),),
        ),
        Model(
            id=evil_id,
            kind=RefKind.HF_MODEL,
            origin=Origin(developer=IMG, country=None, source="card", confidence="low"),
            license=License(raw=TEMPLATE, name=TEMPLATE, category="unknown", url="javascript:alert(1)"),
            references=(ref(RefKind.HF_MODEL, evil_id, "app/evil <b>x</b>.py", 7, evidence=f"AutoModel.from_pretrained('{evil_id}')  # {RTL} {ANSI}"),),
            unresolved_reason=f"no registry entry for {IMG} {RTL}",
            extra={"alternatives": [{"id": SCRIPT, "reason": TEMPLATE}]},
        ),
        Model(
            id="models/classifier.pkl",
            kind=RefKind.MODEL_FILE,
            formats=("pickle",),
            files=("models/classifier.pkl",),
            references=(ref(RefKind.MODEL_FILE, "models/classifier.pkl", "app/clf.py", 4),),
            unresolved_reason="local file without metadata",
        ),
        Model(
            id="tiiuae/falcon-7b",
            kind=RefKind.HF_MODEL,
            origin=Origin(developer="Technology Innovation Institute", country="AE", source="registry", confidence="high"),
            base=Origin(developer="Technology Innovation Institute", country="AE", source="registry", confidence="high"),
            license=License(raw="apache-2.0", spdx="Apache-2.0", category="permissive"),
            family="falcon",
            references=(ref(RefKind.HF_MODEL, "tiiuae/falcon-7b", "tests/test_gen.py", 5, Context.TEST),),
        ),
        Model(
            id="yandex/YaLM-100B",
            kind=RefKind.HF_MODEL,
            origin=Origin(developer="Yandex", country="RU", source="registry", confidence="high"),
            base=Origin(developer="Yandex", country="RU", source="registry", confidence="high"),
            license=License(raw="apache-2.0", spdx="Apache-2.0", category="permissive"),
            references=(ref(RefKind.HF_MODEL, "yandex/YaLM-100B", "scripts/fetch.sh", 8, Context.INFRA),),
        ),
        Model(
            id="sentence-transformers/all-MiniLM-L6-v2",
            kind=RefKind.HF_MODEL,
            origin=Origin(developer="UKP Lab", country="DE", source="registry", confidence="high"),
            base=Origin(developer="Microsoft", country="US", source="registry", confidence="medium"),
            base_model="microsoft/MiniLM-L12-H384-uncased",
            license=License(raw="apache-2.0", spdx="Apache-2.0", category="permissive"),
            references=(ref(RefKind.HF_MODEL, "sentence-transformers/all-MiniLM-L6-v2", "docs/usage.md", 14, Context.DOCS),),
        ),
    )


def packages() -> tuple[Package, ...]:
    return (
        Package(name="dashscope", specifier="", location=Location(path="requirements.txt", line=3), developer="Alibaba Cloud", country="CN", category="sdk"),
        Package(name="openai", specifier=">=1.0", location=Location(path="requirements.txt", line=2), developer="OpenAI", country="US", category="sdk"),
        Package(
            name="Transformers",
            specifier="==4.46.3",
            pinned=True,
            version="4.46.3",
            location=Location(path="requirements.txt", line=1),
            developer="Hugging Face",
            country="US",
            category="framework",
        ),
    )


def files() -> tuple[ModelFile, ...]:
    return (
        ModelFile(
            path="models/broken.onnx",
            format="onnx",
            size=12,
            verdict="error",
            issues=(FileIssue(code="onnx-truncated", severity=Severity.LOW, message="truncated protobuf"),),
        ),
        ModelFile(
            path="models/classifier.pkl",
            format="pickle",
            size=2048,
            verdict="unsafe",
            sha256="a" * 64,
            can_execute_code=True,
            issues=(FileIssue(code="pickle-dangerous-import", severity=Severity.CRITICAL, message="imports os.system", detail=f"GLOBAL os system {SCRIPT}"),),
        ),
        ModelFile(path="models/encoder.safetensors", format="safetensors", size=4096, sha256="b" * 64, metadata={"format": "pt"}),
        ModelFile(
            path="models/weird <b>.gguf",
            format="gguf",
            size=8192,
            verdict="suspicious",
            sha256="c" * 64,
            issues=(FileIssue(code="gguf-chat-template", severity=Severity.MEDIUM, message="chat template runs code-like Jinja", detail=TEMPLATE),),
            metadata={"general.name": IMG},
        ),
    )


def findings() -> tuple[Finding, ...]:
    def f(
        rule: str,
        sev: Severity,
        subject: str,
        kind: str,
        locs: tuple[Location, ...],
        *,
        msg: str = "",
        supp: str | None = None,
        ctx: str | None = "code",
        fp: str = "",
    ) -> Finding:
        return Finding(
            rule_id=rule,
            severity=sev,
            title=f"Title of {rule}",
            message=msg or f"{subject} violates {rule}",
            subject=subject,
            subject_kind=kind,
            locations=locs,
            fingerprint=fp or f"fp-{rule}-{subject}"[:60],
            remediation=f"Fix {rule}: replace or approve {subject}.",
            suppressed_by=supp,
            context=ctx,
        )

    L = Location
    return (
        f(
            "AIS-FORMAT-001",
            Severity.CRITICAL,
            "models/classifier.pkl",
            "file",
            (L(path="models/classifier.pkl"),),
            msg="models/classifier.pkl can execute code when loaded (os.system)",
            ctx=None,
        ),
        f("AIS-ORIGIN-001", Severity.HIGH, "Qwen/Qwen2.5-7B-Instruct", "model", (L(path="app/generator.py", line=9), L(path="app/generator.py", line=10))),
        f("AIS-ORIGIN-001", Severity.HIGH, "acme/qwen-ft-GGUF", "model", (L(path="Dockerfile", line=12), L(path="config/models.yaml", line=3)), ctx="mixed"),
        f("AIS-ORIGIN-001", Severity.HIGH, "yandex/YaLM-100B", "model", (L(path="scripts/fetch.sh", line=8),), ctx="infra"),
        f("AIS-ORIGIN-001", Severity.HIGH, "deepseek-chat", "model", (L(path="app/llm.py", line=21),), supp="inline: approved by legal, ticket SEC-12"),
        f("AIS-LICENSE-002", Severity.MEDIUM, "meta-llama/Llama-3.1-8B", "model", (L(path="notebooks/explore.ipynb", line=2, cell=4),), ctx="notebook"),
        f(
            "AIS-FORMAT-003",
            Severity.MEDIUM,
            "models/weird <b>.gguf",
            "file",
            (L(path="models/weird <b>.gguf"),),
            msg=f"chat template {TEMPLATE} in {IMG}",
            ctx=None,
        ),
        f(
            "AIS-ORIGIN-003",
            Severity.LOW,
            f"evil/{SCRIPT}",
            "model",
            (L(path="app/evil <b>x</b>.py", line=7),),
            msg=f"Origin of evil/{SCRIPT} unknown {RTL} {IMG}",
        ),
        f(
            "AIS-PKG-001",
            Severity.LOW,
            "dashscope",
            "package",
            (),
            msg="dashscope is not pinned",
            ctx=None,
            supp="config: .aiscan.yaml ignore (expires 2027-01-01)",
        ),
        f("AIS-PKG-001", Severity.LOW, "openai", "package", (), msg="openai is not pinned", ctx=None),
        f("AIS-ORIGIN-002", Severity.INFO, "tiiuae/falcon-7b", "model", (L(path="tests/test_gen.py", line=5),), ctx="test"),
    )


def build() -> Report:
    all_models = models()
    refs = sorted(
        (r for m in all_models for r in m.references), key=lambda r: (r.location.path, r.location.cell or 0, r.location.line or 0, r.kind.value, r.identifier)
    )
    return Report(
        schema_version="1.0",
        tool_version="0.1.0",
        root="demo-project",
        generated_at="2026-01-02T03:04:05Z",
        home="US",
        policy=("default", ".aiscan.yaml"),
        fail_on=Severity.HIGH,
        references=tuple(refs),
        models=tuple(sorted(all_models, key=lambda m: (m.kind.value, m.id))),
        packages=packages(),
        files=files(),
        findings=findings(),
        errors=(
            ScanError(stage="discover", path="app/bad.ipynb", message=f"notebook is not JSON {ANSI} {SCRIPT}"),
            ScanError(stage="resolve", subject="ghost/model", message="Hub unreachable; answered from the registry"),
        ),
        knowledge_date="2026-11-01",
        countries_of_concern=CONCERN,
        trusted_countries=("US",),
    )
