"""Evaluation: contexts (docs off by default, test marked), path include/exclude, grouping, messages, fingerprints."""

from __future__ import annotations

from pathlib import Path

from scanner.models import Context, Location
from scanner.policy.evaluate import fingerprint, render_message
from scanner.policy.globs import path_matches
from scanner.policy.schema import field_schema

from .helpers import CN, US, model, policy_from, ref, run

RULE = """\
version: 1
rules:
  - id: ORG-001
    title: Chinese model
    subject: model
    severity: high
    when: {field: origin.country, op: eq, value: CN}
    message: "{id} from {origin.developer} ({origin.country}); license {license.spdx|none}"
"""


def qwen(*refs: tuple[str, Context]) -> object:
    return model("Qwen/Qwen2.5-7B", origin=CN, refs=tuple(ref("Qwen/Qwen2.5-7B", path=p, context=c) for p, c in refs))


def test_docs_context_is_off_by_default_and_test_context_is_marked(tmp_path: Path) -> None:
    policy = policy_from(tmp_path, RULE)
    assert run(policy, models=(qwen(("README.md", Context.DOCS)),)) == ()  # type: ignore[arg-type]
    (finding,) = run(policy, models=(qwen(("README.md", Context.DOCS), ("tests/test_x.py", Context.TEST)),))  # type: ignore[arg-type]
    assert finding.context == "test"
    assert [str(loc) for loc in finding.locations] == ["tests/test_x.py:3"]  # the docs mention is not a location
    (finding,) = run(policy, models=(qwen(("app/a.py", Context.CODE), ("tests/test_x.py", Context.TEST)),))  # type: ignore[arg-type]
    assert finding.context == "mixed"


def test_rule_contexts_select_where_it_applies(tmp_path: Path) -> None:
    policy = policy_from(tmp_path, RULE + "    contexts: [docs]\n")
    assert len(run(policy, models=(qwen(("README.md", Context.DOCS)),))) == 1  # type: ignore[arg-type]
    assert run(policy, models=(qwen(("app/a.py", Context.CODE)),)) == ()  # type: ignore[arg-type]


def test_paths_include_and_exclude(tmp_path: Path) -> None:
    policy = policy_from(tmp_path, RULE + "    paths: {include: [app/**, '*.ipynb'], exclude: [app/legacy/**]}\n")
    assert run(policy, models=(qwen(("scripts/x.py", Context.CODE)),)) == ()  # type: ignore[arg-type]
    assert run(policy, models=(qwen(("app/legacy/x.py", Context.CODE)),)) == ()  # type: ignore[arg-type]
    (finding,) = run(policy, models=(qwen(("app/legacy/x.py", Context.CODE), ("app/new.py", Context.CODE), ("nb/a.ipynb", Context.NOTEBOOK)),))  # type: ignore[arg-type]
    assert [loc.path for loc in finding.locations] == ["app/new.py", "nb/a.ipynb"]


def test_glob_semantics() -> None:
    assert path_matches("tests/unit/test_a.py", "tests/**")
    assert path_matches("tests/unit/test_a.py", "tests")  # a directory covers what is under it
    assert path_matches("pkg/tests/test_a.py", "**/tests/**")
    assert not path_matches("pkg/tests/test_a.py", "tests/**")  # a pattern with '/' is anchored at the root
    assert path_matches("pkg/tests/test_a.py", "test_*.py")  # a pattern without '/' matches at any depth
    assert not path_matches("app/sub/a.py", "app/*.py")  # '*' stays within one directory
    assert path_matches("app/sub/a.py", "app/**/*.py")
    assert path_matches("app/a.py", "app/**/*.py")
    assert path_matches("Dockerfile", "Docker?ile") and path_matches("a.py", "[ab].py") and not path_matches("c.py", "[!c].py")


def test_message_placeholders_and_fallbacks(tmp_path: Path) -> None:
    from scanner.models import License

    policy = policy_from(tmp_path, RULE)
    (finding,) = run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN, license=License()),))
    assert finding.message == "Qwen/Qwen2.5-7B from Alibaba Cloud (CN); license none"
    assert render_message("{formats} {gated} {missing.x}", {"formats": ["pickle", "gguf"], "gated": True}) == "pickle, gguf true unknown"


def test_reference_findings_are_grouped_per_file(tmp_path: Path) -> None:
    text = RULE.replace("subject: model", "subject: reference").replace(
        "when: {field: origin.country, op: eq, value: CN}", "when: {field: trust_remote_code, op: eq, value: true}"
    ).replace('"{id} from {origin.developer} ({origin.country}); license {license.spdx|none}"', '"{id} at {path}:{line}"')
    policy = policy_from(tmp_path, text)
    refs = (ref("a/b", line=3, trust_remote_code=True), ref("a/b", line=9, trust_remote_code=True), ref("a/b", path="other.py", trust_remote_code=True),
            ref("a/b", line=12))
    found = run(policy, references=refs)
    assert [[str(loc) for loc in f.locations] for f in found] == [["app/main.py:3", "app/main.py:9"], ["other.py:3"]]
    assert len({f.fingerprint for f in found}) == 2


def test_fingerprints_leave_out_lines(tmp_path: Path) -> None:
    policy = policy_from(tmp_path, RULE)
    one = run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN, refs=(ref("Qwen/Qwen2.5-7B", line=3),)),))
    two = run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN, refs=(ref("Qwen/Qwen2.5-7B", line=40), ref("Qwen/Qwen2.5-7B", path="b.py"))),))
    assert one[0].fingerprint == two[0].fingerprint == fingerprint("ORG-001", "model", "Qwen/Qwen2.5-7B")
    assert fingerprint("R", "reference", "x", ["a.py"]) != fingerprint("R", "reference", "x", ["b.py"])


def test_disabled_rule_and_override(tmp_path: Path) -> None:
    policy = policy_from(tmp_path, RULE + "overrides:\n  - {id: ORG-001, severity: low}\n")
    (finding,) = run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN),))
    assert finding.severity.label == "low"
    policy = policy_from(tmp_path, RULE + "overrides:\n  - {id: ORG-001, enabled: false}\n")
    assert run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN),)) == ()


def test_user_policy_extends_and_redefines_a_pack_rule(tmp_path: Path) -> None:
    text = RULE.replace("id: ORG-001", "id: AIS-ORIGIN-002").replace("version: 1\n", "version: 1\nextends: default\n")
    policy = policy_from(tmp_path, text)
    rule = policy.rule("AIS-ORIGIN-002")
    assert rule is not None and rule.title == "Chinese model" and rule.source.endswith("p.yaml")
    assert policy.rule("AIS-ORIGIN-001") is not None
    assert [r.id for r in policy.rules].count("AIS-ORIGIN-002") == 1


def test_field_schema_follows_the_serializers() -> None:
    model_fields = field_schema("model")
    for path in ("origin.country", "base.developer", "license.flags", "lineage.origin.country", "references.context", "formats", "pinned"):
        assert model_fields.allows(path), path
    assert model_fields.allows("extra.anything.deep")  # free-form mapping
    assert not model_fields.allows("origin.contry") and not model_fields.allows("verdict")
    assert field_schema("file").allows("issues.code") and field_schema("file").allows("metadata.general.name")
    assert field_schema("reference").allows("trust_remote_code") and not field_schema("reference").allows("origin.country")
    assert field_schema("package").allows("country")


def test_locations_of_files_and_packages(tmp_path: Path) -> None:
    from .helpers import model_file, package

    text = "version: 1\nrules:\n" + "".join(
        f"  - id: T-{i}\n    title: t\n    subject: {s}\n    severity: low\n    when: {{field: {f}, op: exists}}\n    message: m\n"
        for i, (s, f) in enumerate((("file", "path"), ("package", "name")))
    )
    policy = policy_from(tmp_path, text)
    found = run(policy, files=(model_file("tests/fixtures/m.bin"),), packages=(package("dashscope"),))
    assert {(f.subject, f.context, tuple(f.locations)) for f in found} == {
        ("tests/fixtures/m.bin", "test", (Location(path="tests/fixtures/m.bin"),)),
        ("dashscope", "config", (Location(path="requirements.txt", line=2),)),
    }
    assert US.country == "US"


def test_locations_with_and_without_lines_sort(tmp_path: Path) -> None:
    policy = policy_from(tmp_path, RULE)
    refs = (ref("Qwen/Qwen2.5-7B", path="m.gguf", line=None), ref("Qwen/Qwen2.5-7B", path="m.gguf", line=4), ref("Qwen/Qwen2.5-7B", path="a.py"))  # type: ignore[arg-type]
    (finding,) = run(policy, models=(model("Qwen/Qwen2.5-7B", origin=CN, refs=refs),))
    assert [str(loc) for loc in finding.locations] == ["a.py:3", "m.gguf", "m.gguf:4"]
