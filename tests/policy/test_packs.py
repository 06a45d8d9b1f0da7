"""The built-in packs: every rule documented and complete, and each default/strict rule fires on the records it is about."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.data import rules_dir
from scanner.models import Context, FileIssue, License, LineageHop, Origin, RefKind, Severity
from scanner.policy import builtin_packs, load_policy

from .helpers import CN, FR, US, ids, model, model_file, package, ref, run, variables

README = Path(__file__).resolve().parents[2] / "README.md"
LLAMA = License(raw="llama3.2", name="Llama 3.2 Community License", category="restricted", flags=("monthly-user-cap", "eu-restriction"))


def default() -> object:
    return load_policy(("default",), variables())


def test_packs_are_the_yaml_files_of_rules_dir() -> None:
    assert set(builtin_packs()) == {"default", "strict", "security"}
    assert all(p.parent == rules_dir() for p in builtin_packs().values())


@pytest.mark.parametrize("pack", ["default", "strict", "security"])
def test_every_rule_has_id_title_remediation_reference(pack: str) -> None:
    policy = load_policy((pack,), variables())
    for rule in policy.rules:
        assert re.fullmatch(r"AIS-[A-Z]+-\d{3}", rule.id), rule.id
        assert rule.title and rule.remediation and rule.reference, rule.id


def test_readme_lists_every_builtin_rule() -> None:
    """README's rule table is the generated one (regenerate: python -m tests.policy.rules_table)."""
    from .rules_table import rows

    lines = README.read_text(encoding="utf-8").splitlines()
    missing = [row for row in rows() if row not in lines]
    assert not missing, "README rule table is stale; regenerate with: python -m tests.policy.rules_table\n" + "\n".join(missing)


def test_default_pack_on_records() -> None:
    """Each rule of the default pack, on a record built to trigger it (and the benign twin does not)."""
    policy = load_policy(("default",), variables())
    unsafe = FileIssue(code="pickle-dangerous-import", severity=Severity.CRITICAL, message="imports os.system")
    hop = LineageHop(child="acme/ft", parent="Qwen/Qwen2.5-7B", relation="finetune", source="card", origin=CN)
    models = (
        model("Qwen/Qwen2.5-7B-Instruct", origin=CN),                     # developer in CN
        model("acme/ft", origin=US, base=CN, lineage=(hop,)),             # base in CN
        model("mistralai/Mistral-7B", origin=FR),                         # other foreign
        model("meta-llama/Llama-3.1-8B", origin=US),                      # clean
        model("nobody/thing", origin=Origin(), license=License(), unresolved_reason="organisation not in registry"),  # unknown
        model("deepseek-chat", kind=RefKind.API_MODEL, origin=Origin(developer="DeepSeek", country="CN"), provider="deepseek"),
        model("gpt-4o", kind=RefKind.API_MODEL, provider="openai"),
        model("acme/pickled", formats=("pickle",)),
        model("acme/both", formats=("pickle", "safetensors")),
        model("acme/nc", license=License(raw="cc-by-nc-4.0", spdx="CC-BY-NC-4.0", category="non-commercial")),
        model("acme/nolicense", license=License()),
        model("meta-llama/Llama-3.2-11B-Vision", license=LLAMA),
        model("acme/sa", license=License(raw="cc-by-sa-4.0", spdx="CC-BY-SA-4.0", category="copyleft")),
        model("acme/moving", pinned=False, revision="main"),
        model("llama3.1:8b", kind=RefKind.OLLAMA, pinned=False),          # REV-001 is about Hub models only
        model("acme/custom", extra={"hub": {"custom_code": True}}),        # ships code, not enabled
        model("acme/custom-on", extra={"hub": {"custom_code": True}}, remote_code=True),  # enabled: CODE-001's business
        model("acme/hub-pickle", extra={"hub": {"pickle_only": True}}, formats=("keras",)),
    )
    files = (
        model_file("w/evil.pkl", verdict="unsafe", issues=(unsafe,)),
        model_file("w/odd.pt", verdict="suspicious", issues=(FileIssue(code="pickle-unknown-import", severity=Severity.MEDIUM, message="imports foo.bar"),)),
        model_file("w/broken.safetensors", verdict="error", fmt="safetensors"),
        model_file("w/plain.bin", verdict="safe", fmt="pytorch-zip"),
        model_file("w/good.safetensors", verdict="safe", fmt="safetensors"),
    )
    refs = (ref("acme/rc", trust_remote_code=True, line=7), ref("acme/rc", line=9), ref("acme/safe", line=12))
    packages = (package("dashscope", country="CN"), package("openai", country="US"))
    found = run(policy, models=models, files=files, references=refs, packages=packages)
    assert sorted(ids(found)) == sorted([
        ("AIS-ORIGIN-001", "Qwen/Qwen2.5-7B-Instruct"),
        ("AIS-ORIGIN-001", "acme/ft"),
        ("AIS-ORIGIN-002", "mistralai/Mistral-7B"),
        ("AIS-ORIGIN-003", "nobody/thing"),
        ("AIS-API-001", "deepseek-chat"),
        ("AIS-FILE-001", "w/evil.pkl"),
        ("AIS-FILE-002", "w/odd.pt"),
        ("AIS-FILE-003", "w/broken.safetensors"),
        ("AIS-FORMAT-001", "acme/pickled"),
        ("AIS-FORMAT-001", "acme/hub-pickle"),
        ("AIS-FORMAT-002", "w/plain.bin"),
        ("AIS-CODE-002", "acme/custom"),
        ("AIS-CODE-001", "acme/rc"),
        ("AIS-LICENSE-001", "acme/nc"),
        ("AIS-LICENSE-002", "acme/nolicense"),
        ("AIS-LICENSE-002", "nobody/thing"),
        ("AIS-LICENSE-003", "meta-llama/Llama-3.2-11B-Vision"),
        ("AIS-LICENSE-004", "acme/sa"),
        ("AIS-REV-001", "acme/moving"),
        ("AIS-PKG-001", "dashscope"),
    ])
    by_id = {(f.rule_id, f.subject): f for f in found}
    assert by_id[("AIS-FILE-001", "w/evil.pkl")].severity is Severity.CRITICAL
    assert by_id[("AIS-FILE-001", "w/evil.pkl")].message == "w/evil.pkl (pickle) can execute code when loaded: imports os.system"
    assert by_id[("AIS-CODE-001", "acme/rc")].locations[0].line == 7  # the call with trust_remote_code, not the other
    assert by_id[("AIS-API-001", "deepseek-chat")].message == "Prompts and data for deepseek-chat go to deepseek (DeepSeek, CN)"
    assert by_id[("AIS-REV-001", "acme/moving")].message.startswith("acme/moving is not pinned to a commit (revision: main)")
    assert by_id[("AIS-LICENSE-003", "meta-llama/Llama-3.2-11B-Vision")].message.endswith("monthly-user-cap, eu-restriction")
    severities = {f.rule_id: f.severity.label for f in found}
    assert severities == {
        "AIS-ORIGIN-001": "high", "AIS-API-001": "high", "AIS-ORIGIN-002": "info", "AIS-ORIGIN-003": "low", "AIS-FILE-001": "critical",
        "AIS-FILE-002": "high", "AIS-FILE-003": "low", "AIS-FORMAT-001": "medium", "AIS-FORMAT-002": "low", "AIS-CODE-001": "high",
        "AIS-CODE-002": "info", "AIS-LICENSE-001": "medium", "AIS-LICENSE-002": "low", "AIS-LICENSE-003": "info", "AIS-LICENSE-004": "info",
        "AIS-REV-001": "low",
        "AIS-PKG-001": "medium",
    }


def test_home_decides_what_is_of_concern() -> None:
    models = (model("Qwen/Qwen2.5-7B-Instruct", origin=CN), model("meta-llama/Llama-3.1-8B", origin=US))
    assert ids(run(load_policy(("default",), variables("US")), models=models)) == [("AIS-ORIGIN-001", "Qwen/Qwen2.5-7B-Instruct")]
    found = run(load_policy(("default",), variables("FR")), models=models)  # no default concern list for FR
    assert sorted(ids(found)) == [("AIS-ORIGIN-002", "Qwen/Qwen2.5-7B-Instruct"), ("AIS-ORIGIN-002", "meta-llama/Llama-3.1-8B")]


def test_api_model_via_a_trusted_host_is_about_origin_not_egress() -> None:
    # Qwen served by a US host: the data stays with the host, the model is still Chinese.
    qwen_via_host = model("qwen/qwen-2.5-72b-instruct", kind=RefKind.API_MODEL, origin=CN, provider="openrouter")
    assert ids(run(load_policy(("default",), variables()), models=(qwen_via_host,))) == [("AIS-ORIGIN-001", "qwen/qwen-2.5-72b-instruct")]


def test_strict_pack_on_records() -> None:
    policy = load_policy(("strict",), variables())
    models = (
        model("mistralai/Mistral-7B", origin=FR),
        model("nobody/thing", origin=Origin(), license=License()),
        model("acme/pickled", formats=("pickle",)),
        model("acme/moving", pinned=False),
        model("acme/guess", origin=Origin(developer="Meta", country="US", source="name-inference", confidence="low")),
    )
    refs = (ref("acme/rc", trust_remote_code=True),)
    packages = (package("openai", country="US", specifier=">=1.0"),)
    found = run(policy, models=models, references=refs, packages=packages)
    got = {(f.rule_id, f.subject): f.severity.label for f in found}
    assert got == {
        ("AIS-ORIGIN-002", "mistralai/Mistral-7B"): "high",
        ("AIS-ORIGIN-003", "nobody/thing"): "high",
        ("AIS-LICENSE-002", "nobody/thing"): "high",
        ("AIS-FORMAT-001", "acme/pickled"): "high",
        ("AIS-REV-001", "acme/moving"): "high",
        ("AIS-ORIGIN-004", "acme/guess"): "medium",
        ("AIS-CODE-001", "acme/rc"): "critical",
        ("AIS-PKG-002", "openai"): "medium",
    }


def test_trusted_countries_allowlist_foreign_models() -> None:
    allow = variables(trusted=("EU",))
    assert ids(run(load_policy(("strict",), allow), models=(model("mistralai/Mistral-7B", origin=FR),))) == []


def test_security_pack_turns_origin_and_license_rules_off() -> None:
    policy = load_policy(("security",), variables())
    models = (model("Qwen/Qwen2.5-7B-Instruct", origin=CN, license=License()), model("acme/pickled", formats=("pickle",)))
    assert ids(run(policy, models=models)) == [("AIS-FORMAT-001", "acme/pickled")]


def test_test_context_is_scanned_and_marked() -> None:
    qwen = model("Qwen/Qwen2.5-7B-Instruct", origin=CN, refs=(ref("Qwen/Qwen2.5-7B-Instruct", path="tests/test_gen.py", context=Context.TEST),))
    (finding,) = run(default(), models=(qwen,))  # type: ignore[arg-type]
    assert finding.context == "test" and finding.suppressed_by is None
