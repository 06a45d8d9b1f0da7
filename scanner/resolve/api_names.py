"""API model names: provider patterns and hosts (Bedrock, OpenRouter, Groq ...) whose names carry the developer."""

from __future__ import annotations

import re
from dataclasses import replace

from ..lazyre import LazyPattern
from ..models import License, LineageHop, Model, Origin
from .entries import ApiProvider
from .licenses import family_license_key, resolve_license
from .lineage import family_origin, org_origin
from .registry import Registry

_PREFIXES = LazyPattern(r"^(@cf/|@hf/|accounts/[^/]+/models/|models/|(us|eu|apac|global)\.)", re.I)


def _provider_origin(prov: ApiProvider) -> Origin:
    return Origin(developer=prov.developer, country=None if prov.country == "XX" else prov.country,
                  source=prov.origin_source, confidence="high")


def _matching(reg: Registry, name: str) -> ApiProvider | None:
    return next((p for p in reg.providers if not p.host_only and any(pt.search(name) for pt in p.model_patterns)), None)


def resolve_api(reg: Registry, model: Model, provider_key: str | None, trace: list[str]) -> Model:
    """The named provider when its patterns match; else read the developer from the name (hosts serve many)."""
    prov = reg.provider(provider_key) if provider_key else None
    name = model.id.strip()
    if prov is not None and not prov.host_only and any(pt.search(name) for pt in prov.model_patterns):
        trace.append(f"provider {prov.provider!r}: {name!r} matches its model patterns [{prov.source}]")
        return _own(reg, model, prov, name)
    if prov is not None:
        trace.append(f"provider {prov.provider!r} " + ("is an inference host" if prov.host_only else "serves other developers' models too")
                     + "; reading the developer from the model name")
    found = _from_name(reg, model, name, trace)
    host = prov.provider if prov else None
    if found is not None:
        return replace(found, provider=host or found.provider)
    if prov is not None and not prov.host_only:
        return replace(_own(reg, model, prov, name), unresolved_reason=None)
    return replace(model, provider=host, unresolved_reason="no registry entry matches this name")


def _own(reg: Registry, model: Model, prov: ApiProvider, name: str) -> Model:
    origin = _provider_origin(prov)
    match = reg.match_name(name)
    base, family = origin, (match.developer.family if match else None)
    hops: tuple[LineageHop, ...] = ()
    if match is not None and match.base is not match.developer:
        base = family_origin(match.base)
        family = match.base.family
        hops = (LineageHop(child=model.id, parent=match.base.family, relation=match.relation or "finetune",
                           source="name-inference", origin=base),)
    # A developer's own API is a service under its terms of use: no weights license applies.
    return replace(model, provider=prov.provider, origin=origin, base=base, family=family, lineage=hops)


def _from_name(reg: Registry, model: Model, name: str, trace: list[str]) -> Model | None:
    text = name
    while (stripped := _PREFIXES.sub("", text)) != text:
        text = stripped
    segments = [s for s in re.split(r"[/:]", text) if s]
    short = segments[-1] if segments else text
    if "/" in text:
        org = reg.org(text.split("/")[-2]) or reg.org(text.split("/")[0])
        if org is not None:
            trace.append(f"model id names organisation {org.namespace!r}")
            from .kinds import resolve_hf

            hf = resolve_hf(reg, replace(model, id=f"{org.namespace}/{short}"), trace)
            return replace(hf, id=model.id)
    vendor, dot, rest = text.partition(".")
    if dot and rest and (vendor_prov := reg.provider(vendor)) is not None and not vendor_prov.host_only:
        trace.append(f"Bedrock-style id: vendor {vendor!r}")
        return _own(reg, model, vendor_prov, rest)
    if dot and rest and (org := reg.org(vendor)) is not None:
        trace.append(f"Bedrock-style id: vendor organisation {org.namespace!r}")
        return replace(model, origin=org_origin(org), base=org_origin(org))
    prov = _matching(reg, short) or _matching(reg, text)
    if prov is not None:
        trace.append(f"name matches provider {prov.provider!r} [{prov.source}]")
        return _own(reg, model, prov, short)
    match = reg.match_name(short) or reg.match_name(text.replace("/", "-"))
    if match is None:
        return None
    trace.append(f"name -> family {match.developer.family}" + (f", base {match.base.family}" if match.base is not match.developer else ""))
    origin = family_origin(match.developer)
    base = family_origin(match.base)
    hops = () if match.base is match.developer else (
        LineageHop(child=model.id, parent=match.base.family, relation=match.relation or "finetune", source="name-inference", origin=base),)
    return replace(model, origin=origin, base=base, family=match.base.family, lineage=hops,
                   license=_license(reg, match.base.family, short))


def _license(reg: Registry, family_name: str | None, name: str) -> License:
    fam = reg.family(family_name) if family_name else None
    key = family_license_key(fam, name) if fam else None
    return resolve_license(reg, key) if key else License()
