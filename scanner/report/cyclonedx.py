"""CycloneDX 1.6 JSON AI-BOM: one machine-learning-model component per model (its files nested, its references as
evidence), AI packages as libraries, a dependency graph."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ..ecosystems import purl as ecosystem_purl
from ..ecosystems import split_id
from ..models import License, Model, ModelFile, Origin, Package, RefKind, Report
from .common import model_url, safe_url
from .cyclonedx_card import model_card

SPEC_VERSION = "1.6"
PROJECT_REF = "project"
_EXPRESSION = re.compile(r"\s(AND|OR|WITH)\s|[()]", re.IGNORECASE)
_PYPI_NORMALIZE = re.compile(r"[-_.]+")
MAX_OCCURRENCES = 1000


def _props(pairs: Iterable[tuple[str, object]]) -> list[dict[str, str]]:
    out = []
    for name, value in pairs:
        if value is None or value == "" or value == ():
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        out.append({"name": f"aiscan:{name}", "value": text})
    return out


def license_choice(lic: License) -> list[dict[str, Any]]:
    """CycloneDX licenses: an SPDX id, an SPDX expression, or a named license with its URL."""
    url = safe_url(lic.url)
    if lic.spdx:
        try:
            from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression
            from packaging.licenses._spdx import LICENSES
        except ImportError:  # pragma: no cover - packaging < 24.2
            LICENSES, canonical = {}, None
        else:
            try:
                canonical = str(canonicalize_license_expression(lic.spdx))
            except InvalidLicenseExpression:
                canonical = None
        known = LICENSES.get(lic.spdx.lower())
        if known:
            return [{"license": {"id": known["id"]} | ({"url": url} if url else {}) | _license_props(lic)}]
        if canonical and _EXPRESSION.search(canonical):
            return [{"expression": canonical}]
    name = lic.name or lic.spdx or lic.raw
    if not name:
        return []
    return [{"license": {"name": name} | ({"url": url} if url else {}) | _license_props(lic)}]


def _license_props(lic: License) -> dict[str, Any]:
    """What the license says (flags such as monthly-user-cap, share-alike) and its category, on the license itself."""
    props = _props([("license.category", lic.category if lic.category != "unknown" else None)])
    props += _props(("license.flag", flag) for flag in lic.flags)
    return {"properties": props} if props else {}


def supplier(origin: Origin) -> dict[str, Any] | None:
    if not origin.developer and not origin.country:
        return None
    entity: dict[str, Any] = {"name": origin.developer or "unknown"}
    if origin.country:
        entity["address"] = {"country": origin.country}
    return entity


def model_ref(model: Model) -> str:
    return f"model:{model.kind.value}:{model.id}"


def hf_purl(repo_id: str, revision: str | None) -> str | None:
    """``pkg:huggingface/org/name@commit`` (the purl type takes a commit hash as version)."""
    if repo_id.count("/") != 1 or any(ch.isspace() for ch in repo_id):
        return None
    org, name = repo_id.split("/")
    purl = f"pkg:huggingface/{quote(org, safe='')}/{quote(name, safe='')}"
    if revision and re.fullmatch(r"[0-9a-f]{40}", revision):
        purl += f"@{revision}"
    return purl


def github_purl(repo: str, ref: str | None) -> str | None:
    """``pkg:github/owner/name@ref`` (the purl type lower-cases owner and name) for a torch.hub repository."""
    if repo.count("/") != 1 or any(ch.isspace() for ch in repo):
        return None
    owner, name = repo.lower().split("/")
    purl = f"pkg:github/{quote(owner, safe='')}/{quote(name, safe='')}"
    return purl + f"@{quote(ref, safe='')}" if ref else purl


def _ancestors(model: Model) -> list[dict[str, Any]]:
    chain: list[tuple[str, Origin]] = [(hop.parent, hop.origin) for hop in model.lineage]
    if model.base_model and model.base_model != model.id and model.base_model not in {p for p, _ in chain}:
        chain.append((model.base_model, model.base))
    out = []
    for name, origin in chain:
        comp: dict[str, Any] = {"type": "machine-learning-model", "name": name}
        sup = supplier(origin)
        if sup:
            comp["supplier"] = sup
        purl = hf_purl(name, None) if model.kind is RefKind.HF_MODEL else None
        if purl:
            comp["purl"] = purl
        out.append(comp)
    return out


def _hashes(mf: ModelFile) -> list[dict[str, str]]:
    return [{"alg": "SHA-256", "content": mf.sha256.lower()}] if mf.sha256 and re.fullmatch(r"[0-9a-fA-F]{64}", mf.sha256) else []


def _file_props(mf: ModelFile) -> list[dict[str, str]]:
    return _props(
        [
            ("file.path", mf.path),
            ("file.format", mf.format),
            ("file.size", mf.size),
            ("file.verdict", mf.verdict),
            ("file.can_execute_code", mf.can_execute_code),
        ]
    )


def _occurrences(model: Model, local: list[ModelFile]) -> list[dict[str, Any]]:
    """Where the model was found: its files on disk, then every place the project names it (file and line)."""
    seen: set[tuple[str, int | None]] = set()
    out: list[dict[str, Any]] = []
    for loc in [(mf.path, None) for mf in local] + [(loc.path, loc.line) for loc in model.locations]:
        if loc in seen:
            continue
        seen.add(loc)
        out.append({"location": loc[0]} | ({"line": loc[1]} if loc[1] is not None else {}))
    return out[:MAX_OCCURRENCES]


def local_files(model: Model, files: dict[str, ModelFile]) -> list[ModelFile]:
    """The model's files on disk: those it lists, and for a model found on disk the file (or folder) it is."""
    paths = [p for p in dict.fromkeys(model.files) if p in files]
    if model.kind is RefKind.MODEL_FILE:
        ident = model.id.rstrip("/")
        paths += [p for p in files if (p == ident or p.startswith(ident + "/")) and p not in paths]
    return [files[p] for p in paths]


def is_self_file(model: Model, local: list[ModelFile]) -> bool:
    """A model found as one file on disk *is* that file: hashes go on the model, nothing is nested."""
    return model.kind is RefKind.MODEL_FILE and len(local) == 1 and local[0].path == model.id


def model_component(model: Model, report: Report, local: list[ModelFile], nested: list[ModelFile] | None = None) -> dict[str, Any]:
    """The model's component; ``nested`` (default: all of ``local``) become its file sub-components."""
    kind = "data" if model.kind is RefKind.HF_DATASET else "machine-learning-model"
    comp: dict[str, Any] = {"type": kind, "bom-ref": model_ref(model), "name": model.id}
    if model.revision:
        comp["version"] = model.revision
    sup = supplier(model.origin)
    if sup:
        comp["supplier"] = sup
    licenses = license_choice(model.license)
    if licenses:
        comp["licenses"] = licenses
    purl = hf_purl(model.id, model.revision) if model.kind is RefKind.HF_MODEL else None
    if model.kind is RefKind.TORCH_HUB:
        purl = github_purl(model.id, model.revision)
    if purl:
        comp["purl"] = purl
    self_file = is_self_file(model, local)
    if self_file and _hashes(local[0]):
        comp["hashes"] = _hashes(local[0])
    ancestors = _ancestors(model)
    if ancestors:
        comp["pedigree"] = {"ancestors": ancestors}
    url = model_url(model)
    if url:
        kind_ref = "vcs" if model.kind is RefKind.TORCH_HUB else "distribution" if model.kind is RefKind.MODEL_FILE else "website"
        comp["externalReferences"] = [{"type": kind_ref, "url": url}] + ([{"type": "model-card", "url": url}] if model.kind is RefKind.HF_MODEL else [])
    card = model_card(model, local) if kind == "machine-learning-model" else None
    if card:
        comp["modelCard"] = card
    occurrences = _occurrences(model, local)
    if occurrences:
        comp["evidence"] = {"occurrences": occurrences}
    rules = sorted(
        {
            f"{f.rule_id} {f.severity.label}" + (" suppressed" if f.suppressed_by else "")
            for f in report.findings
            if f.subject == model.id and f.subject_kind == "model"
        }
    )
    props = _props(
        [
            ("kind", model.kind.value),
            ("provider", model.provider),
            ("family", model.family),
            ("origin.country", model.origin.country),
            ("origin.source", model.origin.source),
            ("origin.confidence", model.origin.confidence),
            ("base.developer", model.base.developer),
            ("base.country", model.base.country),
            ("base_model", model.base_model),
            ("license.raw", model.license.raw),
            ("license.category", model.license.category),
            ("formats", ",".join(model.formats)),
            ("gated", model.gated),
            ("remote_code", model.remote_code or None),
            ("pinned", model.pinned),
            ("unresolved_reason", model.unresolved_reason),
        ]
    )
    props += _props(("finding", r) for r in rules)
    if self_file:
        props += _file_props(local[0]) + _props(("issue", f"{i.code} {i.severity.label}") for i in local[0].issues)
    comp["properties"] = props
    subs = [file_component(mf, "file") for mf in (local if nested is None else nested)] if not self_file else []
    if subs:
        comp["components"] = subs
    return comp


def _pypi_name(name: str) -> str:
    return _PYPI_NORMALIZE.sub("-", name).lower()


def package_component(pkg: Package) -> dict[str, Any]:
    version = pkg.version or (pkg.specifier[2:].strip() if pkg.pinned and pkg.specifier.startswith("==") else None)
    ecosystem, own_name = split_id(pkg.name)
    if ecosystem != "pypi":  # npm, Go, Maven, crates, NuGet: the purl type of the package's own ecosystem
        purl = ecosystem_purl(pkg.name, version)
        comp: dict[str, Any] = {"type": "library", "bom-ref": ecosystem_purl(pkg.name), "name": own_name}
    else:
        name = _pypi_name(pkg.name)
        purl = f"pkg:pypi/{quote(name, safe='')}" + (f"@{quote(version, safe='.+!')}" if version else "")
        comp = {"type": "library", "bom-ref": f"pkg:pypi/{name}", "name": pkg.name}
    if version:
        comp["version"] = version
    sup = supplier(Origin(developer=pkg.developer, country=pkg.country))
    if sup:
        comp["supplier"] = sup
    comp["purl"] = purl
    comp["properties"] = _props([("specifier", pkg.specifier), ("pinned", pkg.pinned), ("category", pkg.category), ("reference", str(pkg.location))])
    return comp


def file_component(mf: ModelFile, kind: str = "machine-learning-model") -> dict[str, Any]:
    comp: dict[str, Any] = {"type": kind, "bom-ref": f"file:{mf.path}", "name": mf.path}
    if _hashes(mf):
        comp["hashes"] = _hashes(mf)
    comp["properties"] = _file_props(mf) + _props(("issue", f"{i.code} {i.severity.label}") for i in mf.issues)
    return comp


def build_bom(report: Report) -> dict[str, Any]:
    import uuid

    files = {mf.path: mf for mf in report.files}
    models = sorted((m for m in report.models if m.kind is not RefKind.MODEL_SLOT), key=model_ref)
    components: list[dict[str, Any]] = []
    graph: dict[str, list[str]] = {}
    owner: dict[str, str] = {}  # file path -> bom-ref of the component that holds it (each file appears once)
    for m in models:
        local = local_files(m, files)
        if is_self_file(m, local) and local[0].path not in owner:
            owner[local[0].path] = model_ref(m)
            components.append(model_component(m, report, local, []))
            graph[model_ref(m)] = []
            continue
        nested = [mf for mf in local if mf.path not in owner]  # a file two models share is nested in the first only
        for mf in nested:
            owner[mf.path] = f"file:{mf.path}"
            graph[f"file:{mf.path}"] = []
        components.append(model_component(m, report, local, nested))
        graph[model_ref(m)] = sorted(owner[mf.path] for mf in local)
    for path in sorted(set(files) - set(owner)):  # a model file no model claims stands for itself
        components.append(file_component(files[path], "machine-learning-model"))
        graph[f"file:{path}"] = []
    for pkg in sorted(report.packages, key=lambda p: (_pypi_name(p.name), p.location)):
        comp = package_component(pkg)
        if comp["bom-ref"] not in graph:
            components.append(comp)
            graph[comp["bom-ref"]] = []
    top = sorted(set(graph) - {ref for refs in graph.values() for ref in refs})
    dependencies = [{"ref": PROJECT_REF, "dependsOn": top}] + [{"ref": ref, "dependsOn": deps} for ref, deps in sorted(graph.items())]
    bom: dict[str, Any] = {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "version": 1,
        "metadata": {
            "timestamp": report.generated_at,
            "tools": {"components": [{"type": "application", "name": "aiscan", "version": report.tool_version}]},
            "component": {"type": "application", "bom-ref": PROJECT_REF, "name": report.root},
            "properties": _props(
                [
                    ("home", report.home),
                    ("policy", ",".join(report.policy)),
                    ("fail_on", report.fail_on.label),
                    ("knowledge_date", report.knowledge_date),
                    ("blocking", len(report.blocking)),
                ]
            ),
        },
        "components": components,
        "dependencies": dependencies,
    }
    body = json.dumps(bom, sort_keys=True, ensure_ascii=False).encode()
    serial = uuid.uuid5(uuid.NAMESPACE_URL, "aiscan:" + hashlib.sha256(body).hexdigest())
    return {"$schema": bom.pop("$schema"), "bomFormat": bom.pop("bomFormat"), "specVersion": SPEC_VERSION, "serialNumber": f"urn:uuid:{serial}"} | bom


class CycloneDxReporter:
    name: str = "cyclonedx"
    extensions: tuple[str, ...] = (".cdx.json", ".cyclonedx.json", ".bom.json")

    def render(self, report: Report) -> str:
        return json.dumps(build_bom(report), indent=2, ensure_ascii=False) + "\n"
