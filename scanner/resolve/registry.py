"""The bundled knowledge base (plus the user's additions), validated at load and indexed for lookups."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data import SHIPPED_REGISTRY, registry_dir
from ..errors import Problem, RegistryError
from ..parsecache import load_yaml_files
from ..records import record
from .entries import (
    GITHUB,
    Alternative,
    ApiProvider,
    FamilyEntry,
    LicenseEntry,
    LineageEntry,
    ModelSize,
    OllamaEntry,
    OrgEntry,
    PackageEntry,
    Signature,
)
from .families import NameMatch, match_name, strip_quant_suffix
from .loader import COUNTRIES_FILE, Loader

# The tables a built registry loads on first use (an empty scan reads the plain tables and the API providers only).
LAZY_TABLES = frozenset({"orgs", "families", "ollama", "packages", "licenses", "lineage", "alternatives", "signatures",
                         "model_sizes", "_names"})


@record(frozen=False, slots=True)
class Registry:
    """Everything the bundled (and user-supplied) data says, indexed for lookups."""

    knowledge_date: str | None = None
    countries: dict[str, str] = field(default_factory=dict)  # ISO code -> name
    orgs: dict[str, OrgEntry] = field(default_factory=dict)  # lower-cased namespace or alias -> entry
    families: list[FamilyEntry] = field(default_factory=list)
    ollama: dict[str, OllamaEntry] = field(default_factory=dict)  # ollama name -> entry
    providers: list[ApiProvider] = field(default_factory=list)
    packages: dict[str, PackageEntry] = field(default_factory=dict)
    licenses: dict[str, LicenseEntry] = field(default_factory=dict)
    lineage: dict[str, LineageEntry] = field(default_factory=dict)  # lower-cased model id -> entry
    alternatives: list[Alternative] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)  # family fingerprints (signatures.yaml)
    model_sizes: list[ModelSize] = field(default_factory=list)
    concern: dict[str, tuple[str, ...]] = field(default_factory=dict)
    concern_vendors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # home -> developers named by its law/guidance
    concern_notes: dict[str, str] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # "section:key" -> file the entry came from
    _names: dict[str, str | None] = field(default_factory=dict)  # lower-cased model name -> unique known id
    # match_name answers for the family list they were computed on (the loader replaces the list, never edits it)
    _matched: dict[str, NameMatch | None] = field(default_factory=dict)
    _matched_for: list[FamilyEntry] | None = None
    # A built registry (resolve/built.py) leaves the tables an empty scan never reads unset: this fills them
    _pending: Callable[[Registry], None] | None = field(default=None, repr=False, compare=False)

    if not TYPE_CHECKING:  # (for mypy, a class with __getattr__ has every attribute)
        def __getattr__(self, name: str) -> Any:
            """Reached only for a field never set: the tables of a built registry that load on first use (any read,
            ``getattr``, ``dataclasses.fields``, ``==``, pickling); then they are plain slots."""
            if name != "_pending" and name in LAZY_TABLES:
                pending = self._pending
                if pending is not None:
                    self._pending = None
                    pending(self)
                    return getattr(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # --- organisations, families, models --------------------------------------------------------
    def org(self, namespace: str) -> OrgEntry | None:
        return self.orgs.get(namespace.lower())

    def github_org(self, owner: str) -> OrgEntry | None:
        """The organisation a GitHub owner is, from the entries' ``github`` lists only: a Hub namespace says nothing
        about who holds the same name on GitHub (anyone may register a free one there)."""
        return self.orgs.get(GITHUB + owner.lower())

    def family(self, name: str) -> FamilyEntry | None:
        return next((fam for fam in self.families if fam.family == name), None)

    def family_by_name(self, text: str) -> FamilyEntry | None:
        """The family that made the model named ``text`` (its developer line), or None."""
        found = self.match_name(text)
        return found.developer if found else None

    def match_name(self, text: str) -> NameMatch | None:
        """Developer family, base family, teacher and relation read from a model name (memoised: a scan asks the
        same ~700 names ~3,000 times, each a search of every family pattern)."""
        if self._matched_for is not self.families:
            self._matched, self._matched_for = {}, self.families
        if text not in self._matched:
            if len(self._matched) >= 65536:
                self._matched.clear()
            self._matched[text] = match_name(self, text)
        return self._matched[text]

    def family_by_architecture(self, model_type: str) -> tuple[FamilyEntry, str] | None:
        """config.json model_type / architectures / GGUF general.architecture -> (family, confidence)."""
        key = model_type.lower().removesuffix("forcausallm").removesuffix("forconditionalgeneration").replace("-", "_")
        for fam in self.families:
            if key in (t.lower().replace("-", "_") for t in fam.model_types):
                return fam, "medium"
        for fam in self.families:
            if key in (t.lower() for t in fam.weak_model_types):
                return fam, "low"
        return None

    def lineage_of(self, model_id: str) -> LineageEntry | None:
        return self.lineage.get(model_id.lower())

    def model_by_name(self, name: str) -> str | None:
        """A known repo id whose name part is ``name`` (unique across the registry), e.g. for GGUF re-uploads."""
        text = name.lower()
        return self._names.get(text) or self._names.get(strip_quant_suffix(text))

    # --- APIs, licenses, jurisdictions ----------------------------------------------------------
    def provider(self, key: str) -> ApiProvider | None:
        """Provider by key or alias (``volcengine`` -> doubao, ``01ai`` -> lingyiwanwu)."""
        text = key.strip().lower()
        return next((p for p in self.providers if p.provider == text), None) or \
            next((p for p in self.providers if text in p.aliases), None)

    def provider_for_host(self, host: str) -> str | None:
        """Provider key for a base-URL host (``api.deepseek.com`` -> ``deepseek``); ports and paths ignored."""
        text = host.strip().lower()
        if "://" in text:
            text = text.split("://", 1)[1]
        text = text.split("/", 1)[0]
        bare = text.rsplit("@", 1)[-1]
        name = bare.split(":", 1)[0]
        for prov in self.providers:
            for pattern in prov.hosts:
                pat = pattern.lower()
                target = bare if ":" in pat else name
                if fnmatch.fnmatchcase(target, pat) if "*" in pat else target == pat or target.endswith("." + pat):
                    return prov.provider
        return None

    def license_entry(self, key: str) -> LicenseEntry | None:
        return self.licenses.get(key.strip().lower())

    def preset_key(self, home: str) -> str | None:
        """The countries_of_concern preset that applies to a home (DE falls back to the EU one), or None."""
        code = home.upper()
        if code in self.concern:
            return code
        for group in ("EU", "EEA"):
            if code in self.groups.get(group, ()) and group in self.concern:
                return group
        return None

    def countries_of_concern(self, home: str) -> tuple[str, ...]:
        """Default countries of concern for a home country or region (DE falls back to the EU default)."""
        key = self.preset_key(home)
        return self.concern[key] if key else ()

    def vendors_of_concern(self, home: str) -> tuple[str, ...]:
        """Developers named by the home's law or government guidance (DeepSeek for AU, KR, TW ...)."""
        key = self.preset_key(home)
        return self.concern_vendors.get(key, ()) if key else ()

    def valid_home(self, home: str) -> bool:
        """An ISO 3166-1 alpha-2 code or a documented region group (EU, EEA, FVEY ...)."""
        code = home.upper()
        return (code in self.countries and code != "XX") or code in self.groups

    def expand(self, codes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """Expand region groups (EU, FVEY, ...) into country codes."""
        out: list[str] = []
        for code in codes:
            out.extend(self.groups.get(code.upper(), (code.upper(),)))
        return tuple(dict.fromkeys(out))

    def country_name(self, code: str | None) -> str | None:
        return self.countries.get(code.upper()) if code else None


MAX_OVERLAY = 2 << 20  # bytes: a registry overlay file is knowledge, not a data dump


def read_overlay(path: Path) -> tuple[str, Any]:
    """(display name, parsed YAML) of a registry overlay file: a regular file, size-capped."""
    from ..errors import ValidationError

    display = str(path)
    try:
        if not path.is_file():
            raise RegistryError([Problem(display, None, "", "not a regular file")])
        size = path.stat().st_size
    except OSError as exc:
        raise RegistryError([Problem(display, None, "", f"cannot read: {exc}")]) from None
    if size > MAX_OVERLAY:
        raise RegistryError([Problem(display, None, "", f"{size} bytes: larger than the {MAX_OVERLAY}-byte cap for registry overlays")])
    from ..yamlio import load_yaml_file

    try:
        return display, load_yaml_file(path, display=display)
    except ValidationError as exc:
        raise RegistryError(exc.problems) from None


def load_registry(directory: Path | None = None, *, extra: Mapping[str, Any] | None = None,
                  overlays: tuple[Path, ...] | list[Path] = ()) -> Registry:
    """Load and validate every YAML file of the registry directory, then overlay files and the config's additions (which win)."""
    directory = directory or registry_dir()
    paths = _paths(directory)
    layers = [read_overlay(Path(p)) for p in overlays]
    bundled = directory.resolve() == registry_dir().resolve()  # the package's own data: regexes compiled on first use
    built = _built(paths) if bundled else None
    if built is not None:
        loader = Loader(built)  # no countries document: the built registry's own are kept
        for display, data in layers:
            loader.merge(data, display, user=True)
        if extra:
            loader.merge(extra, "config:registry", user=True)
        loader.cross_check()
        if loader.problems:
            raise RegistryError(loader.problems)
        return loader.registry
    return _from_yaml(paths, extra, layers, bundled=bundled)


def bundled_from_yaml() -> Registry:
    """The bundled registry through the loader, with no user additions (a built registry's lazy tables when their
    module is missing or stale)."""
    return _from_yaml(_paths(registry_dir()), None, [], bundled=True)


def _paths(directory: Path) -> list[Path]:
    countries_path = directory / COUNTRIES_FILE
    if not countries_path.is_file():
        countries_path = registry_dir() / COUNTRIES_FILE
    return [countries_path, *(p for p in sorted(directory.glob("*.yaml")) if p.name != COUNTRIES_FILE)]


def _from_yaml(paths: list[Path], extra: Mapping[str, Any] | None, layers: list[tuple[str, Any]], *,
               bundled: bool) -> Registry:
    documents, cached = load_yaml_files(paths, [_display(p) for p in paths], _cache_root(), registry_dir() / SHIPPED_REGISTRY)
    registry = _build(paths, documents, extra, layers, bundled=bundled)
    if isinstance(registry, Registry):
        return registry
    if cached:  # the JSON copy has no line numbers: parse the YAML again for exact messages
        from ..yamlio import load_yaml_file

        registry = _build(paths, [load_yaml_file(p, display=_display(p)) for p in paths], extra, layers, bundled=bundled)
        if isinstance(registry, Registry):
            return registry
    raise RegistryError(registry)


def _built(paths: list[Path]) -> Registry | None:
    """The shipped built registry (``resolve/built.py``) when it was made from exactly these files, else None; never
    with AISCAN_NO_CACHE (read the sources), as the parsed copy."""
    import os

    if os.environ.get("AISCAN_NO_CACHE"):
        return None
    from .built import file_digests, read_built

    return read_built(lambda: file_digests(paths))


def _cache_root() -> Path | None:
    from ..filecache import default_cache_root

    return default_cache_root(None)


def _display(path: Path) -> str:
    return f"rules/registry/{path.name}"


def _build(paths: list[Path], documents: list[Any], extra: Mapping[str, Any] | None,
           layers: list[tuple[str, Any]] | None = None, *, bundled: bool = False) -> Registry | list[Problem]:
    loader = Loader(Registry(), documents[0], bundled=bundled)
    for path, data in zip(paths[1:], documents[1:], strict=True):
        loader.merge(data, _display(path), user=False)
    for display, data in layers or ():
        loader.merge(data, display, user=True)
    if extra:
        loader.merge(extra, "config:registry", user=True)
    loader.cross_check()
    return loader.problems or loader.registry
