"""Hub enrichment of resolved models: author, card license, lineage to the root, files and formats, code, gating."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from ..models import UNKNOWN_LICENSE, License, LineageHop, Model, Origin, RefKind, ScanError
from .base import HubClient, HubLookupError, HubModelInfo
from .hub_files import repo_contents
from .hub_lineage import MAX_PARENTS, Answer, Chain, Key, fetch_lineage, parents_of, walk


class OfflineResolver(Protocol):
    """What enrichment needs from the registry-based resolver."""

    registry: Any

    def resolve_one(self, kind: RefKind, identifier: str, refs: Sequence[Any] = (), *, provider: str | None = None) -> Model: ...

    def license(self, raw: str) -> License: ...


class Enricher:
    """Applies Hub answers to models; ancestors are resolved offline by the registry for their origin."""

    def __init__(self, resolver: OfflineResolver, answers: dict[Key, Answer], *, max_depth: int, online: bool,
                 max_parents: int = MAX_PARENTS) -> None:
        self.resolver = resolver
        self.answers = answers
        self.max_depth = max_depth
        self.max_parents = max_parents
        self.online = online
        self.errors: list[ScanError] = []
        self.unchecked: list[str] = []
        self._offline: dict[str, Model] = {}

    def offline(self, repo_id: str) -> Model:
        if repo_id not in self._offline:
            self._offline[repo_id] = self.resolver.resolve_one(RefKind.HF_MODEL, repo_id)
        return self._offline[repo_id]

    def apply(self, model: Model) -> Model:
        answer = self.answers.get((model.id, model.revision))
        if isinstance(answer, HubModelInfo) and answer.source != "hub":
            self.unchecked.append(model.id)  # resolved from the card on disk, not checked on the Hub
            if self.online:
                self.errors.append(ScanError(stage="resolve", subject=model.id,
                                             message="Hub lookup failed; resolved from the model card in the local Hugging Face cache"))
        if isinstance(answer, HubLookupError) or (answer is None and (model.id, model.revision) not in self.answers):
            self.unchecked.append(model.id)
            if not self.online:
                return model  # offline by choice: nothing to report
            self.errors.append(ScanError(stage="resolve", subject=model.id,
                                         message=f"Hub lookup failed ({answer}); resolved from bundled data only"))
            return replace(model, extra={**model.extra, "hub": {"status": "unchecked"}})
        if answer is None:
            what = f"revision {model.revision} of {model.id}" if model.revision else model.id
            self.errors.append(ScanError(stage="resolve", subject=model.id,
                                         message=f"{what} not found on the Hub (missing, private or a local path); resolved from bundled data only"))
            reason = "not found on the Hub" + (f"; {model.unresolved_reason}" if model.unresolved_reason else "")
            return replace(model, unresolved_reason=reason, extra={**model.extra, "hub": {"status": "not-found"}})
        if answer.access == "gated-denied":
            return replace(model, gated=True, extra={**model.extra, "hub": {"status": "gated-denied"}})
        return self._found(model, answer)

    def _found(self, model: Model, info: HubModelInfo) -> Model:
        chain = walk(model.id, info, self.answers, self.max_depth, self.max_parents)
        self._report_capped(model.id, info)
        for ancestor in chain.unchecked:
            if self.online:
                self.errors.append(ScanError(stage="resolve", subject=model.id,
                                             message=f"lineage incomplete: could not check ancestor {ancestor} on the Hub"))
        if chain.cycle:
            self.errors.append(ScanError(stage="resolve", subject=model.id, message="base_model cycle on the Hub; lineage cut"))
        origin = model.origin
        renamed = info.repo_id if info.repo_id.lower() != model.id.lower() else None
        if not origin.known and renamed:
            origin = self.offline(renamed).origin  # the Hub redirected (THUDM -> zai-org): the new owner may be known
        if not origin.known and info.author:
            origin = Origin(developer=info.author, country=None, source=info.source, confidence="medium")
        changes: dict[str, Any] = {"origin": origin}
        if chain.hops:
            hops = tuple(LineageHop(child=c, parent=p, relation=r, source=self._source_of(c, model.id, info), origin=self._origin_of(p))
                         for c, p, r in chain.hops)
            root_origin = self._root_origin(chain)
            base = root_origin if root_origin.known or not model.base.known else model.base
            family = self.offline(chain.root).family or model.family
            changes.update(lineage=hops, base_model=chain.root, base=base, family=family)
        elif not model.base.known:
            arch = self._architecture_origin(info)
            if arch is not None:
                family, arch_origin = arch
                hop = LineageHop(child=model.id, parent=family, relation="unknown", source="hub-config", origin=arch_origin)
                changes.update(base=arch_origin, family=family, lineage=(hop,))
        model = self._fingerprint(replace(model, **changes), info, renamed)
        changes.update(origin=model.origin, base=model.base, family=model.family, lineage=model.lineage, base_model=model.base_model)
        changes["license"] = self._license(info, model.license, chain)
        contents = repo_contents(info.files)
        if info.files:
            changes.update(formats=contents.formats, files=contents.weight_files)
        if isinstance(info.gated, bool) or isinstance(info.gated, str):
            changes["gated"] = bool(info.gated)
        base_known = changes.get("base", model.base).known
        if model.unresolved_reason and base_known and not origin.known:
            changes["unresolved_reason"] = "organisation not in registry; base resolved through Hub lineage"
        elif model.unresolved_reason and origin.known and base_known:
            changes["unresolved_reason"] = None
        hub: dict[str, Any] = {
            "status": "found" if info.source == "hub" else f"from-{info.source}", "author": info.author, "sha": info.sha, "downloads": info.downloads,
            "created_at": info.created_at, "last_modified": info.last_modified, "pipeline_tag": info.pipeline_tag,
            "library_name": info.library_name, "model_type": info.model_type,
            "custom_code": bool(contents.code_files) or info.auto_map, "code_files": list(contents.code_files),
            "auto_map": info.auto_map, "pickle_only": contents.pickle_only, "private": info.private,
            "roots": list(chain.roots) if chain.hops else [], "lineage_truncated": chain.truncated,
        }
        if renamed:
            hub["renamed_to"] = renamed
        if info.security:
            hub["security"] = dict(info.security)
        return replace(model, **changes, extra={**model.extra, "hub": hub})

    def _report_capped(self, model_id: str, info: HubModelInfo) -> None:
        """A card listing more base models than the cap: name (a few of) the ones not followed."""
        parents = parents_of(info)
        if len(parents) <= self.max_parents:
            return
        rest = [p for p, _ in parents[self.max_parents:]]
        shown = ", ".join(rest[:5]) + (", ..." if len(rest) > 5 else "")
        self.errors.append(ScanError(stage="resolve", subject=model_id,
                                     message=f"lineage capped: the card lists {len(parents)} base models; only the first {self.max_parents} "
                                             f"were checked, {len(rest)} not checked ({shown})"))

    def _fingerprint(self, model: Model, info: HubModelInfo, renamed: str | None) -> Model:
        """The repo's own config and tokenizer (from the API answer) against the family signatures."""
        from .attribution import apply_fingerprint
        from .fingerprint import Evidence, add_config, match

        if not info.model_type and not info.architectures:
            return model
        ev = Evidence()
        add_config(ev, {"model_type": info.model_type, "architectures": list(info.architectures)}, f"{info.repo_id} config.json")
        if info.chat_markers:
            ev.tokens.update(info.chat_markers)
            ev.facts.append(f"{info.repo_id} tokenizer_config.json: " + " ".join(info.chat_markers[:6]))
        fp = match(ev, getattr(self.resolver.registry, "signatures", ()))
        if fp is None:
            return model
        trace = list(model.extra.get("resolution") or ())
        claimed = "the model card" if model.lineage and model.base.known else None
        found = apply_fingerprint(self.resolver.registry, model, fp, trace, claimed=claimed)
        return replace(found, extra={**found.extra, "resolution": trace})

    def _source_of(self, child: str, model_id: str, info: HubModelInfo) -> str:
        answer = info if child == model_id else self.answers.get((child, None))
        return answer.source if isinstance(answer, HubModelInfo) else "hub"

    def _origin_of(self, repo_id: str) -> Origin:
        offline = self.offline(repo_id)
        if offline.origin.known:
            return offline.origin
        answer = self.answers.get((repo_id, None))
        if isinstance(answer, HubModelInfo) and answer.author:
            return Origin(developer=answer.author, country=None, source=answer.source, confidence="medium")
        return offline.origin

    def _root_origin(self, chain: Chain) -> Origin:
        offline = self.offline(chain.root)
        if offline.origin.known:
            return offline.origin
        if offline.base.known:
            return offline.base  # the root's own name says which family it is (e.g. someone's "qwen2-7b-copy")
        if chain.root_info is not None:
            arch = self._architecture_origin(chain.root_info)
            if arch is not None:
                return arch[1]
        return self._origin_of(chain.root)

    def _architecture_origin(self, info: HubModelInfo) -> tuple[str, Origin] | None:
        """config.json model_type -> family (weak evidence: architectures are reused, hence low confidence)."""
        if not info.model_type:
            return None
        for fam in getattr(self.resolver.registry, "families", ()):
            if info.model_type.lower() in (t.lower() for t in getattr(fam, "model_types", ())):
                return fam.family, Origin(developer=fam.developer, country=fam.country, source="hub", confidence="low")
        return None

    def _license(self, info: HubModelInfo, current: License, chain: Chain) -> License:
        lic = self.card_license(info)
        if lic is not None:
            return lic
        if current.category != "unknown" or current.raw:
            return current
        if chain.root_info is not None and chain.root_info is not info:
            inherited = self.card_license(chain.root_info)
            if inherited is not None:
                return replace(inherited, flags=(*inherited.flags, "inherited-from-base"))
        return current if current != UNKNOWN_LICENSE else UNKNOWN_LICENSE

    def card_license(self, info: HubModelInfo) -> License | None:
        raw = info.license or next((t[len("license:"):] for t in info.tags if t.startswith("license:")), None)
        if not raw and not info.license_name:
            return None
        key = info.license_name if info.license_name and (raw or "other").lower() == "other" else raw
        lic = self.resolver.license(key or "other")
        name = lic.name or info.license_name
        return replace(lic, raw=raw or "other", name=name, url=info.license_link or lic.url)


def enrich_models(models: Sequence[Model], hub: HubClient, resolver: OfflineResolver, *, max_depth: int,
                  online: bool = True, max_parents: int = MAX_PARENTS) -> tuple[tuple[Model, ...], list[ScanError], list[str]]:
    """Look every Hub model (and its ancestors) up once; returns models, errors and the ids left unchecked."""
    keys = [(m.id, m.revision) for m in models if m.kind is RefKind.HF_MODEL]
    if not keys:
        return tuple(models), [], []
    answers = fetch_lineage(hub, keys, max_depth, max_parents)
    enricher = Enricher(resolver, answers, max_depth=max_depth, online=online, max_parents=max_parents)
    out = tuple(enricher.apply(m) if m.kind is RefKind.HF_MODEL else m for m in models)
    return out, enricher.errors, enricher.unchecked
