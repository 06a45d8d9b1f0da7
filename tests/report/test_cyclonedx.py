"""CycloneDX 1.6 AI-BOM: schema-valid, models with supplier country, licenses, lineage, hashes, links; purls; graph."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from scanner.models import License, Report
from scanner.report import REPORTERS
from scanner.report.cyclonedx import license_choice


def bom(report: Report) -> dict[str, Any]:
    return json.loads(REPORTERS["cyclonedx"].render(report))


def components(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in doc["components"]}


def all_components(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Top-level components and, depth first, the components nested in them."""
    out: list[dict[str, Any]] = []
    stack = list(reversed(doc["components"]))
    while stack:
        comp = stack.pop()
        out.append(comp)
        stack.extend(reversed(comp.get("components", [])))
    return out


def props(comp: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in comp.get("properties", []):
        out.setdefault(p["name"], []).append(p["value"])
    return out


def test_rich_report_validates(rich_report: Report, bom_validator: Callable[[Any], None]) -> None:
    doc = bom(rich_report)
    bom_validator(doc)
    assert doc["specVersion"] == "1.6" and doc["bomFormat"] == "CycloneDX"
    assert doc["metadata"]["timestamp"] == rich_report.generated_at


def test_examples_validate(example_reports: dict[str, Report], bom_validator: Callable[[Any], None]) -> None:
    assert example_reports
    for report in example_reports.values():
        doc = bom(report)
        bom_validator(doc)
        kinds = {c["type"] for c in doc["components"]}
        assert "machine-learning-model" in kinds or not report.models


def test_models_are_ml_components_with_supplier_and_license(rich_report: Report) -> None:
    comps = components(bom(rich_report))
    qwen = comps["Qwen/Qwen2.5-7B-Instruct"]
    assert qwen["type"] == "machine-learning-model"
    assert qwen["supplier"] == {"name": "Alibaba Cloud (Qwen team)", "address": {"country": "CN"}}
    assert qwen["licenses"] == [
        {
            "license": {
                "name": "Qwen License",
                "url": "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE",
                "properties": [{"name": "aiscan:license.category", "value": "restricted"}, {"name": "aiscan:license.flag", "value": "monthly-user-cap"}],
            }
        }
    ]
    # The architecture family is what the model's config says (model_type), not the registry family or org.
    assert qwen["modelCard"]["modelParameters"] == {"task": "text-generation", "architectureFamily": "qwen2"}
    # The user cap constrains users: considerations.users, not technicalLimitations.
    assert qwen["modelCard"]["considerations"] == {
        "users": ["Licensees whose products exceed the license's monthly-active-user cap need a separate license from the developer."]
    }
    assert qwen["evidence"]["occurrences"] == [{"location": "app/generator.py", "line": 9}, {"location": "app/generator.py", "line": 10}]
    assert {"type": "website", "url": "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct"} in qwen["externalReferences"]
    permissive = [{"name": "aiscan:license.category", "value": "permissive"}]
    assert comps["tiiuae/falcon-7b"]["licenses"] == [{"license": {"id": "Apache-2.0", "properties": permissive}}]
    assert comps["llama3.1:8b"]["externalReferences"][0]["url"] == "https://ollama.com/library/llama3.1"
    # A hostile license URL never reaches the BOM.
    evil = next(c for name, c in comps.items() if name.startswith("evil/"))
    assert "url" not in evil["licenses"][0]["license"]


def test_lineage_becomes_pedigree_ancestors(rich_report: Report) -> None:
    acme = components(bom(rich_report))["acme/qwen-ft-GGUF"]
    ancestors = acme["pedigree"]["ancestors"]
    assert [a["name"] for a in ancestors] == ["acme/qwen-ft", "Qwen/Qwen2.5-7B"]
    assert ancestors[-1]["supplier"]["address"]["country"] == "CN"
    assert acme["purl"] == "pkg:huggingface/acme/qwen-ft-GGUF@0123456789abcdef0123456789abcdef01234567"
    minilm = components(bom(rich_report))["sentence-transformers/all-MiniLM-L6-v2"]
    assert minilm["pedigree"]["ancestors"][0]["name"] == "microsoft/MiniLM-L12-H384-uncased"
    assert props(acme)["aiscan:base.country"] == ["CN"]


def test_local_files_carry_hashes(rich_report: Report) -> None:
    comps = components(bom(rich_report))
    pkl = comps["models/classifier.pkl"]
    assert pkl["hashes"] == [{"alg": "SHA-256", "content": "a" * 64}]
    assert props(pkl)["aiscan:file.verdict"] == ["unsafe"]
    enc = comps["models/encoder.safetensors"]
    assert enc["type"] == "machine-learning-model" and enc["hashes"][0]["content"] == "b" * 64
    assert "hashes" not in comps["models/broken.onnx"]


def test_each_model_file_appears_once(rich_report: Report, example_reports: dict[str, Report]) -> None:
    """A model found on disk is one component (not a model plus an unlinked file component of the same path)."""
    for report in [rich_report, *example_reports.values()]:
        everything = all_components(bom(report))
        names = [c["name"] for c in everything if c["type"] != "library"]
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
        for mf in report.files:
            assert sum(1 for c in everything if c["name"] == mf.path) == 1, mf.path


def test_remote_code_is_a_technical_limitation_and_research_only_a_use_case(rich_report: Report) -> None:
    from scanner.models import Model, RefKind
    from scanner.report.cyclonedx_card import considerations

    model = Model(id="x/y", kind=RefKind.HF_MODEL, remote_code=True, license=License(category="non-commercial", flags=("research-only", "attribution")))
    notes = considerations(model)
    assert set(notes) == {"technicalLimitations", "useCases"}
    assert notes["useCases"] == ["Research only: the license does not permit commercial use."]
    assert "trust_remote_code" in notes["technicalLimitations"][0]


def test_architecture_family_comes_from_the_model_not_the_registry() -> None:
    from scanner.models import Model, ModelFile, RefKind
    from scanner.report.cyclonedx_card import architecture_family, model_architecture

    minilm = Model(id="sentence-transformers/all-MiniLM-L6-v2", kind=RefKind.HF_MODEL, family="microsoft", extra={"hub": {"model_type": "bert"}})
    assert architecture_family(minilm, ()) == "bert"
    offline = Model(id="sentence-transformers/all-MiniLM-L6-v2", kind=RefKind.HF_MODEL, family="microsoft")
    assert architecture_family(offline, ()) is None  # unknown, not the org's name
    gguf = ModelFile(path="m/q.gguf", format="gguf", size=10, metadata={"architecture": "llama"})
    folder = ModelFile(path="m/model.safetensors", format="safetensors", size=10, metadata={"architecture": "Qwen2ForCausalLM", "model_type": "qwen2"})
    local = Model(id="m", kind=RefKind.MODEL_FILE, family="qwen")
    assert architecture_family(local, [gguf]) == "llama"
    assert architecture_family(local, [folder]) == "qwen2"
    assert model_architecture(local, [folder]) == "Qwen2ForCausalLM"
    assert model_architecture(local, [gguf]) is None


def test_packages_are_libraries_with_purl(rich_report: Report) -> None:
    comps = components(bom(rich_report))
    tr = comps["Transformers"]
    assert tr["type"] == "library" and tr["purl"] == "pkg:pypi/transformers@4.46.3" and tr["version"] == "4.46.3"
    assert comps["openai"]["purl"] == "pkg:pypi/openai" and "version" not in comps["openai"]
    assert comps["dashscope"]["supplier"]["address"]["country"] == "CN"


def test_dependency_graph_is_closed_and_refs_unique(rich_report: Report) -> None:
    doc = bom(rich_report)
    refs = [c["bom-ref"] for c in all_components(doc)]
    assert len(refs) == len(set(refs))
    graph = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
    assert set(graph) == set(refs) | {"project"}
    assert set(graph["project"]) == {c["bom-ref"] for c in doc["components"]}
    for deps in graph.values():
        assert set(deps) <= set(refs)


def test_multi_file_model_depends_on_its_files(rich_report: Report, bom_validator: Callable[[Any], None]) -> None:
    model = next(m for m in rich_report.models if m.id == "models/classifier.pkl")
    multi = dataclasses.replace(model, files=("models/classifier.pkl", "models/encoder.safetensors"))
    report = dataclasses.replace(rich_report, models=tuple(multi if m is model else m for m in rich_report.models))
    doc = bom(report)
    bom_validator(doc)
    graph = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
    assert graph["model:model-file:models/classifier.pkl"] == ["file:models/classifier.pkl", "file:models/encoder.safetensors"]
    model_comp = next(c for c in doc["components"] if c["bom-ref"] == "model:model-file:models/classifier.pkl")
    nested = {c["bom-ref"]: c for c in model_comp["components"]}
    assert set(nested) == {"file:models/classifier.pkl", "file:models/encoder.safetensors"}
    assert nested["file:models/encoder.safetensors"]["type"] == "file" and nested["file:models/encoder.safetensors"]["hashes"][0]["content"] == "b" * 64
    assert "file:models/encoder.safetensors" not in graph["project"]
    assert all(c["name"] != "models/encoder.safetensors" for c in doc["components"])  # nested only, not also top level


def test_serial_is_deterministic_and_content_bound(rich_report: Report) -> None:
    a, b = bom(rich_report), bom(rich_report)
    assert a["serialNumber"] == b["serialNumber"]
    other = bom(dataclasses.replace(rich_report, root="other"))
    assert other["serialNumber"] != a["serialNumber"]


def test_license_choice_forms() -> None:
    assert license_choice(License(spdx="mit")) == [{"license": {"id": "MIT"}}]
    assert license_choice(License(spdx="MIT OR Apache-2.0")) == [{"expression": "MIT OR Apache-2.0"}]
    assert license_choice(License(spdx="LicenseRef-foo", name="Foo")) == [{"license": {"name": "Foo"}}]
    assert license_choice(License(raw="other", name="Llama 3.1", url="https://llama.com/license")) == [
        {"license": {"name": "Llama 3.1", "url": "https://llama.com/license"}}
    ]
    assert license_choice(License()) == []


def test_validator_is_not_vacuous(rich_report: Report, bom_validator: Callable[[Any], None]) -> None:
    import jsonschema
    import pytest

    doc = bom(rich_report)
    doc["components"][0]["type"] = "model"
    with pytest.raises(jsonschema.ValidationError):
        bom_validator(doc)
    doc = bom(rich_report)
    doc["components"][0]["licenses"] = [{"license": {"id": "Not-A-Real-SPDX-Id"}}]
    with pytest.raises(jsonschema.ValidationError):
        bom_validator(doc)


def test_cyclonedx_python_lib_validator_accepts_our_boms(rich_report: Report, example_reports: dict[str, Report]) -> None:
    """The reference implementation's strict JSON validator (cyclonedx-python-lib) agrees with our schema check."""
    import pytest

    validation = pytest.importorskip("cyclonedx.validation.json")
    from cyclonedx.schema import SchemaVersion

    validator = validation.JsonStrictValidator(SchemaVersion.V1_6)
    for name, report in [("rich", rich_report), *example_reports.items()]:
        assert validator.validate_str(REPORTERS["cyclonedx"].render(report)) is None, name
    broken = bom(rich_report)
    broken["components"][0]["modelCard"] = {"considerations": {"licenseFlags": ["x"]}}
    assert validator.validate_str(json.dumps(broken)) is not None
