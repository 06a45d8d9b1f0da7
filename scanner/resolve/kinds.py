"""Per-kind offline resolution: Hub repo ids, Ollama tags and local model files (API names live in api_names)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..models import UNKNOWN_LICENSE, UNKNOWN_ORIGIN, License, LineageHop, Model, ModelFile, Origin
from .api_names import resolve_api
from .attribution import apply_fingerprint
from .entries import FamilyEntry
from .fingerprint import match
from .licenses import family_license_key, resolve_license
from .lineage import Step, Walker, family_origin, org_origin
from .localfiles import LocalModel
from .registry import Registry

_HF_CACHE = re.compile(r"models--(?P<org>[^/]+?)--(?P<name>[^/]+)")

__all__ = ["resolve_api", "resolve_file", "resolve_hf", "resolve_ollama", "resolve_remote_file", "resolve_torch_hub"]

# Weights file suffix -> format, for a file known only by its URL (the pickle-based ones decide AIS-FORMAT-001)
_REMOTE_FORMATS = ((".pth.tar", "pytorch"), (".pt", "pytorch"), (".pth", "pytorch"), (".ckpt", "pytorch"), (".bin", "pytorch"),
                   (".pkl", "pickle"), (".pickle", "pickle"), (".joblib", "joblib"), (".safetensors", "safetensors"),
                   (".gguf", "gguf"), (".onnx", "onnx"), (".h5", "h5"), (".keras", "keras"), (".npz", "numpy"), (".npy", "numpy"))
# Download hosts only their owner can publish on, as the GitHub owner that is that organisation
_OWNED_HOSTS = {"download.pytorch.org": "pytorch", "dl.fbaipublicfiles.com": "facebookresearch",
                # OpenAI's own Azure CDN endpoint and storage account (CLIP's and Whisper's _MODELS, tiktoken's files):
                # the subdomain is the account, held by one organisation (azureedge.net itself is shared)
                "openaipublic.azureedge.net": "openai", "openaipublic.blob.core.windows.net": "openai",
                "download.openmmlab.com": "open-mmlab"}  # OpenMMLab's model zoo (mmdet/mmseg configs' load_from)


def resolve_hf(reg: Registry, model: Model, trace: list[str], *, walker: Walker | None = None) -> Model:
    """Organisation, explicit lineage, re-upload detection and name inference for a Hub repo id."""
    walker = walker or Walker(reg, trace)
    steps = walker.chain(model.id)
    origin = walker.origin(model.id, steps)
    name = model.id.rsplit("/", 1)[-1]
    match = reg.match_name(name)
    if steps:
        base, base_family = walker.root_origin(steps)
        base_model = steps[-1].parent if steps[-1].family is None else None
        hops = tuple(LineageHop(child=s.child, parent=s.parent, relation=s.relation, source=s.source,
                                origin=walker.node_origin(s)) for s in steps)
    else:
        base, base_family, base_model, hops = origin, (match.base if match else None), None, ()
        org = reg.org(model.id.split("/", 1)[0]) if "/" in model.id else None
        if org is not None and org.role != "developer" and reg.lineage_of(model.id) is None:
            trace.append(f"{org.developer} is a {org.role}: its own base is not assumed")
            base = UNKNOWN_ORIGIN
    if not origin.known and not steps and match is not None and "/" not in model.id:
        base = origin = family_origin(match.developer, "low")
    family = base_family or (match.developer if match else None)
    trace.append(f"base: {base.developer or 'unknown'} ({base.country or '??'})"
                 + (f" via family {family.family}" if family else "") + (f", root {base_model}" if base_model else ""))
    extra = _teacher(reg, steps)
    license = _offline_license(reg, model.id, family, base_model or model.id, trace)
    return replace(model, origin=origin, base=base, base_model=base_model, lineage=hops,  # one record, not three
                   family=family.family if family else None, extra={**model.extra, **extra}, license=license,
                   unresolved_reason=_reason_for(origin, base, bool(hops)))


def _teacher(reg: Registry, steps: list[Step]) -> dict[str, Any]:
    for step in steps:
        if step.teacher:
            fam = step.teacher_family
            key = "model" if "/" in step.teacher else "family"
            return {"teacher": {key: step.teacher, "developer": fam.developer if fam else None,
                                "country": fam.country if fam else None}}
    return {}


def _offline_license(reg: Registry, model_id: str, family: FamilyEntry | None, root: str, trace: list[str]) -> License:
    entry = reg.lineage_of(model_id)
    if entry is not None and entry.license:
        trace.append(f"license: {entry.license} from the lineage entry")
        return resolve_license(reg, entry.license)
    if family is None:
        return UNKNOWN_LICENSE
    key = family_license_key(family, root.rsplit("/", 1)[-1]) or family_license_key(family, model_id.rsplit("/", 1)[-1])
    if not key:
        return UNKNOWN_LICENSE
    trace.append(f"license: {key} assumed from family {family.family} (check the model card)")
    return resolve_license(reg, key)


def _reason(model: Model) -> str | None:
    return _reason_for(model.origin, model.base, bool(model.lineage))


def _reason_for(origin: Origin, base: Origin, lineage: bool) -> str | None:
    if origin.known and base.known:
        return None
    if base.known:
        return "developer not in registry; base inferred from " + ("lineage" if lineage else "the name")
    if origin.known:
        return "base model unknown"
    return "no registry entry matches this name"


# --- Ollama ----------------------------------------------------------------------------------------
def resolve_ollama(reg: Registry, model: Model, trace: list[str]) -> Model:
    ident = model.id
    for prefix in ("hf.co/", "huggingface.co/"):
        if ident.startswith(prefix):
            repo = ident[len(prefix):].split(":", 1)[0]
            trace.append(f"Ollama pulls {repo} from the Hub")
            return resolve_hf(reg, replace(model, id=ident), trace, walker=_RenamedWalker(reg, trace, ident, repo))
    name, _, tag = ident.partition(":")
    tag = tag or "latest"
    entry = reg.ollama.get(name.lower()) if "/" not in name else None
    if entry is None:
        match = reg.match_name(name.rsplit("/", 1)[-1])
        if match is None:
            return replace(model, unresolved_reason="not in the Ollama registry", extra={**model.extra})
        trace.append(f"Ollama name {name!r} not in the library list; family {match.base.family} from the name")
        origin = family_origin(match.developer)
        return replace(model, origin=origin, base=family_origin(match.base), family=match.base.family,
                       license=_family_license(reg, match.base, name))
    tag_rule = entry.tag_for(tag)
    base_name = tag_rule.base if tag_rule and tag_rule.base else entry.base
    org_name = tag_rule.org if tag_rule and tag_rule.org else entry.org
    base_family = reg.family(base_name)
    trace.append(f"Ollama library {entry.name!r} [{entry.origin_source}: {entry.source}]"
                 + (f"; tag {tag!r} matches {tag_rule.pattern.pattern!r}" if tag_rule else ""))
    org = reg.org(org_name) if org_name else None
    assert base_family is not None  # cross-checked at load
    registry_base = replace(family_origin(base_family), source=entry.origin_source, confidence="high")
    origin = org_origin(org) if org else registry_base
    hops: tuple[LineageHop, ...] = ()
    base, base_model = registry_base, None
    if tag_rule and tag_rule.model:
        hf = resolve_hf(reg, Model(id=tag_rule.model, kind=model.kind), trace)
        relation = tag_rule.relation or "quantized"
        hops = (LineageHop(child=ident, parent=tag_rule.model, relation=relation, source="registry:ollama", origin=hf.origin), *hf.lineage)
        base, base_model = (hf.base if hf.base.known else registry_base), hf.base_model or tag_rule.model
    elif org is not None and (base_family.org is None or reg.org(base_family.org) is not org):
        hops = (LineageHop(child=ident, parent=base_family.family, relation="finetune", source="registry:ollama", origin=registry_base),)
    trace.append(f"developer: {origin.developer} ({origin.country}); base: {base.developer} ({base.country})")
    return replace(model, origin=origin, base=base, base_model=base_model, lineage=hops, family=base_family.family,
                   license=_family_license(reg, base_family, name))


def resolve_torch_hub(reg: Registry, model: Model, trace: list[str]) -> Model:
    """A GitHub repository torch.hub imports: its owner, when an organisation's ``github`` list names it. A model
    family read from the repository's name (``yolov5``, ``dinov2``) is the base; the owner is the developer."""
    owner, _, name = model.id.partition("/")
    trace.append(f"torch.hub imports hubconf.py from github.com/{model.id}" + (f" at {model.revision}" if model.revision else " (default branch)"))
    org = reg.github_org(owner)
    match = reg.match_name(name)
    origin = org_origin(org) if org is not None else UNKNOWN_ORIGIN
    if org is not None:
        trace.append(f"GitHub owner {owner!r}: {org.developer} ({org.country}) [{org.origin_source}: {org.source}]")
    base = family_origin(match.base) if match is not None else origin
    if not origin.known and not base.known:
        return replace(model, unresolved_reason=f"GitHub owner {owner!r} is not a known organisation")
    return replace(model, origin=origin, base=base, family=match.base.family if match else None,
                   unresolved_reason=_reason_for(origin, base, False))


def resolve_remote_file(reg: Registry, model: Model, trace: list[str]) -> Model:
    """A weights file known by its URL: its format from the suffix, its publisher from a GitHub owner
    (``github.com/<owner>/...``, ``raw.githubusercontent.com/<owner>/...``) or a host only that organisation serves,
    then what the file's name says (family, known model) as for a local file."""
    host, _, path = model.id.split("://", 1)[1].partition("/")
    name = path.rsplit("/", 1)[-1].lower()
    fmt = next((f for suffix, f in _REMOTE_FORMATS if name.endswith(suffix)), None)
    trace.append(f"fetched at run time from {model.id.split('://', 1)[0]}://{host}" + (f"; format {fmt} from the file name" if fmt else ""))
    web = model.id.startswith(("https://", "http://"))
    owner = _OWNED_HOSTS.get(host.split(":", 1)[0]) if web else None  # a bucket's name proves nothing about its owner
    if web and host in ("github.com", "raw.githubusercontent.com") and "/" in path:
        owner = path.split("/", 1)[0]
    org = reg.github_org(owner) if owner else None
    found = _resolve_file_named(reg, replace(model, formats=(fmt,) if fmt else ()), None, trace)
    if org is not None:
        trace.append(f"published by {org.developer} ({org.country}): {owner} on {host}")
        base = found.base if found.base.known else UNKNOWN_ORIGIN
        found = replace(found, origin=org_origin(org), base=base, unresolved_reason=_reason_for(org_origin(org), base, False))
    return found


def _family_license(reg: Registry, family: FamilyEntry, name: str) -> License:
    key = family_license_key(family, name)
    return resolve_license(reg, key) if key else UNKNOWN_LICENSE


class _RenamedWalker(Walker):
    """Resolves an Ollama ``hf.co/org/repo:quant`` pull as the Hub repo it names."""

    def __init__(self, reg: Registry, trace: list[str], alias: str, repo: str) -> None:
        super().__init__(reg, trace)
        self.alias, self.repo = alias, repo

    def chain(self, model_id: str) -> list[Step]:
        if model_id == self.alias:
            return [Step(self.alias, self.repo, "quantized", "ollama-hf"), *super().chain(self.repo)]
        return super().chain(model_id)

    def origin(self, model_id: str, steps: list[Step]) -> Origin:
        if model_id == self.alias:
            return super().origin(self.repo, steps[1:])
        return super().origin(model_id, steps)


# --- local model files -----------------------------------------------------------------------------
def resolve_file(reg: Registry, model: Model, file: ModelFile | None, trace: list[str], local: LocalModel | None = None) -> Model:
    """A local model file or folder: what its metadata and names say, then what its files are (fingerprint)."""
    card_base = next((b for b in local.card_bases if "/" in b), None) if local is not None else None
    meta = file.metadata if file is not None else {}
    if card_base and not meta.get("base_models") and not meta.get("hf_repo"):
        found = _from_metadata(reg, model, None, card_base, None, trace, None, {"metadata_sources": ["model-card"]})
    else:
        found = _resolve_file_named(reg, model, file, trace)
    if local is None:
        return found
    if local.read:
        trace.append("read " + ", ".join(dict.fromkeys(local.read)))
    fp = match(local.evidence, reg.signatures)
    if fp is None and not local.evidence.empty():
        trace.append("fingerprint: no family signature matches the files strongly enough")
    claimed = None
    if found.base.known and found.base.source != "name-inference":
        claimed = "metadata" + (f" ({', '.join(local.card_bases[:2])})" if local.card_bases else f" ({found.base_model})" if found.base_model else "")
    elif found.base.known:
        claimed = "the name"
    return apply_fingerprint(reg, found, fp, trace, claimed=claimed)


def _resolve_file_named(reg: Registry, model: Model, file: ModelFile | None, trace: list[str]) -> Model:
    """Embedded metadata first (GGUF general.*, safetensors, config.json), then names in the path."""
    meta: Mapping[str, Any] = file.metadata if file is not None else {}
    repo = meta.get("hf_repo") if isinstance(meta.get("hf_repo"), str) else None
    bases = [b for b in meta.get("base_models") or () if isinstance(b, str) and "/" in b]
    license_raw = meta.get("license") if isinstance(meta.get("license"), str) else None
    lic = resolve_license(reg, license_raw, meta.get("license_name")) if license_raw else None
    org_text = meta.get("organization") if isinstance(meta.get("organization"), str) else None
    org = reg.org(org_text.replace(" ", "-")) if org_text else None
    if repo or bases:
        return _from_metadata(reg, model, repo, bases[0] if bases else None, org_text, trace, lic, meta)
    cache = _HF_CACHE.search(model.id)
    if cache:
        repo_id = f"{cache.group('org')}/{cache.group('name')}"
        trace.append(f"Hugging Face cache folder names {repo_id}")
        return _via_repo(reg, model, repo_id, "quantized", "path", trace, lic)
    for candidate in _name_candidates(model.id, meta):
        known = reg.model_by_name(candidate)
        if known:
            trace.append(f"file name {candidate!r} is the known model {known}")
            return _via_repo(reg, model, known, "quantized", "name-inference", trace, lic)
        match = reg.match_name(candidate)
        if match is not None:
            trace.append(f"file name {candidate!r} -> family {match.base.family}")
            origin = org_origin(org) if org else replace(family_origin(match.developer), confidence="low")
            base = replace(family_origin(match.base), confidence="low")
            teacher = {"teacher": {"family": match.teacher.family, "developer": match.teacher.developer,
                                   "country": match.teacher.country}} if match.teacher else {}
            return replace(model, origin=origin, base=base, family=match.base.family, extra={**model.extra, **teacher},
                           license=lic or _family_license(reg, match.base, candidate))
    arch = meta.get("architecture")
    if isinstance(arch, str) and (found := reg.family_by_architecture(arch)) is not None:
        fam, confidence = found
        trace.append(f"architecture {arch!r} -> family {fam.family} ({confidence}: architectures are reused)")
        origin = replace(family_origin(fam), source="file-metadata", confidence=confidence)
        return replace(model, origin=org_origin(org) if org else origin, base=origin, family=fam.family, license=lic or UNKNOWN_LICENSE)
    if org is not None:
        return replace(model, origin=org_origin(org), base=UNKNOWN_ORIGIN, license=lic or UNKNOWN_LICENSE,
                       unresolved_reason="base model unknown")
    return replace(model, license=lic or UNKNOWN_LICENSE, unresolved_reason="no registry entry matches this name")


def _from_metadata(reg: Registry, model: Model, repo: str | None, base: str | None, org_text: str | None,
                   trace: list[str], lic: License | None, meta: Mapping[str, Any]) -> Model:
    """file -[quantized]-> the repo it names -[finetune]-> its declared base model (GGUF general.base_model.*)."""
    sources = ", ".join(meta.get("metadata_sources") or ["file"])
    first, relation = (repo, "quantized") if repo else (base, "finetune")
    assert first is not None
    trace.append(f"file metadata ({sources}) names {first}" + (f", based on {base}" if repo and base else ""))
    found = _via_repo(reg, model, first, relation, "file-metadata", trace, lic)
    if repo and base and base.lower() != repo.lower() and len(found.lineage) == 1:
        upstream = resolve_hf(reg, Model(id=base, kind=model.kind), trace)
        hop = LineageHop(child=repo, parent=base, relation="finetune", source="file-metadata", origin=upstream.origin)
        found = replace(found, base=upstream.base, base_model=upstream.base_model or base, family=upstream.family,
                        lineage=(*found.lineage, hop, *upstream.lineage), license=lic or upstream.license)
    if not found.origin.known and org_text:
        org = reg.org(org_text.replace(" ", "-"))
        origin = org_origin(org) if org else Origin(developer=org_text, source="file-metadata", confidence="low")
        trace.append(f"file metadata names the organisation {org_text!r}" + ("" if org else " (not in the registry: country unknown)"))
        found = replace(found, origin=origin)
    return replace(found, unresolved_reason=_reason(found))


def _via_repo(reg: Registry, model: Model, repo: str, relation: str, source: str, trace: list[str], lic: License | None) -> Model:
    hf = resolve_hf(reg, Model(id=repo, kind=model.kind), trace)
    hop = LineageHop(child=model.id, parent=repo, relation=relation, source=source, origin=hf.origin)
    return replace(model, origin=hf.origin, base=hf.base, base_model=hf.base_model or repo, family=hf.family,
                   lineage=(hop, *hf.lineage), license=lic or hf.license, unresolved_reason=hf.unresolved_reason,
                   extra={**model.extra, **{k: v for k, v in hf.extra.items() if k == "teacher"}})


def _name_candidates(path: str, meta: Mapping[str, Any]) -> list[str]:
    out = [str(meta[k]) for k in ("name", "basename") if isinstance(meta.get(k), str)]
    parts = [p for p in path.replace("\\", "/").split("/") if p and p not in (".", "..")]
    if parts:
        stem = re.sub(r"\.[A-Za-z0-9]+$", "", parts[-1])
        stem = re.sub(r"-\d{5}-of-\d{5}$", "", stem)  # sharded files
        out.append(stem)
    out.extend(reversed(parts[-3:-1]))
    return [c for c in out if c and c.lower() not in ("model", "models", "weights", "checkpoints", "pytorch_model", "snapshots")]
