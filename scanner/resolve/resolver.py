"""Turn references into Models and Packages: origin, base-model origin, lineage and license, offline first.

Order of evidence for every model: user overrides from config (merged into the registry and marked
``user-config``) -> metadata embedded in local model files -> the Hub (applied afterwards by
``hub_stage.apply_hub``, which calls back into ``resolve_one`` for ancestors) -> bundled registry
(organisation, explicit lineage, family inference from names and architectures). Each model records the
steps taken in ``extra["resolution"]`` (shown by ``aiscan resolve --explain``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..ecosystems import registry_key, split_id
from ..models import UNKNOWN_LICENSE, License, Model, ModelFile, Package, Reference, RefKind, ScanError
from .alternatives import suggest
from .base import HubClient
from .licenses import resolve_license
from .registry import Registry
from .variants import package_entry

if TYPE_CHECKING:
    from .localfiles import LocalModel

MODEL_KINDS = frozenset({RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL, RefKind.OLLAMA, RefKind.API_MODEL, RefKind.MODEL_FILE, RefKind.TORCH_HUB})


class Resolver:
    """Resolves references with the registry, local file metadata and (through hub_stage) the Hub."""

    def __init__(self, registry: Registry, *, hub: HubClient | None = None, files: Sequence[ModelFile] = (),
                 trusted_countries: Sequence[str] = (), countries_of_concern: Sequence[str] = (), root: Path | None = None) -> None:
        self.registry = registry
        self.hub = hub  # the Hub pass runs in hub_stage.apply_hub; kept so callers can hand one resolver around
        self.files = {f.path: f for f in files}
        self.trusted = tuple(registry.expand(list(trusted_countries)))
        self.concern = tuple(registry.expand(list(countries_of_concern)))
        self.errors: list[ScanError] = []
        self.candidate_cache: dict[str, Model] = {}  # alternatives catalogue, resolved once
        # (tasks, size, trusted, concern) -> ranked alternatives: 1,000 models share a few dozen keys
        self.suggest_cache: dict[tuple[tuple[str, ...], float | None, tuple[str, ...], tuple[str, ...]],
                                 list[tuple[str, dict[str, object]]]] = {}
        self.root = root if root is not None and root.is_dir() else None  # local folders and files are read from here
        self.folder_files: dict[str, tuple[str, ...]] = {}  # folder model id -> the model files inside it

    def resolve_models(self, refs: Iterable[Reference]) -> tuple[Model, ...]:
        grouped: dict[tuple[RefKind, str], list[Reference]] = defaultdict(list)
        for ref in refs:
            if ref.kind in MODEL_KINDS:
                grouped[(ref.kind, ref.identifier)].append(ref)
        self._link_folder_files(grouped)
        models = [self.resolve_one(kind, ident, tuple(sorted(group, key=_ref_order))) for (kind, ident), group in grouped.items()]
        return tuple(sorted(models, key=lambda m: (m.kind.value, m.id.lower())))

    def resolve_one(self, kind: RefKind, identifier: str, refs: Sequence[Reference] = (), *, provider: str | None = None) -> Model:
        from . import kinds  # here: an empty scan resolves nothing (the per-kind modules are ~2.5 ms of imports)

        revision = next((r.revision for r in refs if r.revision), None)
        model = Model(id=identifier, kind=kind, references=tuple(refs), revision=revision,
                      pinned=_is_commit(revision), remote_code=any(r.trust_remote_code for r in refs))
        trace: list[str] = []
        if kind in (RefKind.HF_MODEL, RefKind.MODELSCOPE_MODEL):
            model = kinds.resolve_hf(self.registry, model, trace)
        elif kind is RefKind.OLLAMA:
            model = kinds.resolve_ollama(self.registry, model, trace)
        elif kind is RefKind.TORCH_HUB:
            model = kinds.resolve_torch_hub(self.registry, model, trace)
        elif kind is RefKind.API_MODEL:
            provider = provider or next((r.provider for r in refs if r.provider), None)
            model = kinds.resolve_api(self.registry, model, provider, trace)
        elif kind is RefKind.MODEL_FILE and "://" in identifier[:10]:  # fetched at run time (a URL, an object store)
            model = kinds.resolve_remote_file(self.registry, model, trace)
        else:
            files = self.folder_files.get(identifier, ())
            file = self._file(identifier) or next((self.files[f] for f in files if f in self.files), None)
            model = kinds.resolve_file(self.registry, model, file, trace, self._local(identifier))
            if files:
                model = replace(model, files=files, formats=tuple(sorted({self.files[f].format for f in files if f in self.files})))
        extra = {**model.extra, "resolution": list(dict.fromkeys(trace))}
        if self.concern and {model.origin.country, model.base.country} & set(self.concern):
            alternatives = suggest(self, model, self.trusted, self.concern)
            if alternatives:
                extra["alternatives"] = alternatives
        return replace(model, extra=extra)

    def alternatives_for(self, model: Model, trusted_countries: Sequence[str]) -> list[dict[str, object]]:
        """Comparable open models (same task, similar size) whose developer and base are in the trusted countries."""
        return suggest(self, model, self.registry.expand(list(trusted_countries)), self.concern)

    def license(self, raw: str, license_name: str | None = None) -> License:
        """Hub license tag (or ``license_name`` when the tag is ``other``) -> License with SPDX id and category."""
        return resolve_license(self.registry, raw, license_name)

    def _link_folder_files(self, grouped: dict[tuple[RefKind, str], list[Reference]]) -> None:
        """One model, one record: files inside a referenced model folder join that folder's model."""
        if self.root is None or not any(kind is RefKind.MODEL_FILE for kind, _ in grouped):
            return
        from .localfiles import inside

        root = self.root
        folders = sorted((ident.rstrip("/") for kind, ident in grouped if kind is RefKind.MODEL_FILE
                          and (path := inside(root, ident)) is not None and path.is_dir()), key=len, reverse=True)
        for kind, ident in list(grouped):
            if kind is not RefKind.MODEL_FILE:
                continue
            folder = next((f for f in folders if ident.startswith(f + "/")), None)
            if folder is None:
                continue
            grouped[(kind, folder)].extend(grouped.pop((kind, ident)))
            self.folder_files[folder] = tuple(sorted({*self.folder_files.get(folder, ()), ident}))

    def _local(self, identifier: str) -> LocalModel | None:
        """Fingerprint evidence of a local folder (its files) or file (its header and its folder's config)."""
        if self.root is None:
            return None
        from .localfiles import LocalModel, inside, read_folder, read_weights

        rel = identifier.rstrip("/").removeprefix("./")
        path = inside(self.root, rel)
        if path is None:
            return None
        if path.is_dir():
            return read_folder(self.root, rel)
        if not path.is_file():
            return None
        local = LocalModel()
        parent = rel.rsplit("/", 1)[0] if "/" in rel else "."
        read_folder(self.root, parent, local, weights=False)
        read_weights(self.root, rel, local)
        return local

    def _file(self, identifier: str) -> ModelFile | None:
        found = self.files.get(identifier) or self.files.get(identifier.rstrip("/"))
        if found is None:
            name = identifier.rstrip("/").rsplit("/", 1)[-1]
            matches = [f for p, f in self.files.items() if p.rsplit("/", 1)[-1] == name]
            found = matches[0] if len(matches) == 1 else None
        return found

    # --- packages -------------------------------------------------------------------------------
    def resolve_packages(self, refs: Iterable[Reference]) -> tuple[Package, ...]:
        grouped: dict[str, list[Reference]] = defaultdict(list)
        for ref in refs:
            if ref.kind is RefKind.PACKAGE:
                grouped[ref.identifier].append(ref)
        out = []
        for name, group in grouped.items():
            key = registry_key(name)  # paddlepaddle-gpu is PaddlePaddle; npm:ollama is not PyPI's ollama
            entry = package_entry(self.registry.packages, key) if split_id(name)[0] == "pypi" else self.registry.packages.get(key)
            if entry is None:
                continue
            group.sort(key=_ref_order)
            best = next((r for r in group if r.revision == "pinned"), group[0])
            out.append(Package(name=name, specifier=best.specifier or "", pinned=best.revision == "pinned",
                               location=best.location, developer=entry.developer,
                               country=None if entry.country == "XX" else entry.country,
                               category=entry.category, references=tuple(group)))
        return tuple(sorted(out, key=lambda p: p.name))


def _is_commit(revision: str | None) -> bool:
    return bool(revision) and len(revision or "") == 40 and all(c in "0123456789abcdef" for c in (revision or "").lower())


def _ref_order(ref: Reference) -> tuple[str, int, int]:
    return (ref.location.path, ref.location.cell or 0, ref.location.line or 0)


__all__ = ["MODEL_KINDS", "UNKNOWN_LICENSE", "Resolver"]
