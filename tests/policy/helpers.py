"""Builders for policy tests: records constructed by hand, policies from YAML text, the real $variables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from scanner.config import ScanConfig
from scanner.models import Context, Finding, License, Location, Model, ModelFile, Origin, Package, Reference, RefKind
from scanner.policy import Policy, apply_suppressions, evaluate, load_policy

TODAY = dt.date(2026, 6, 1)
US = Origin(developer="Meta", country="US", source="registry", confidence="high")
CN = Origin(developer="Alibaba Cloud", country="CN", source="registry", confidence="high")
FR = Origin(developer="Mistral AI", country="FR", source="registry", confidence="high")


EU = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL",
      "PT", "RO", "SK", "SI", "ES", "SE"]
CONCERN = {"US": ["CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE"]}


def variables(home: str = "US", *, trusted: tuple[str, ...] = ()) -> dict[str, Any]:
    """The $variables as pipeline.policy_variables builds them, fixed here so tests do not depend on registry edits."""
    concern = CONCERN.get(home, [])
    trusted_list = [c for t in (*trusted, home) for c in (EU if t == "EU" else [t])]
    return {
        "EU": EU, "FVEY": ["US", "GB", "CA", "AU", "NZ"], "home": home, "home_countries": [home],
        "trusted_countries": trusted_list, "countries_of_concern": concern,
        "providers_of_concern": ["dashscope", "deepseek", "moonshot", "zhipu"] if concern else [],
        "developers_of_concern": [],
    }


def real_variables(home: str = "US") -> dict[str, Any]:
    from scanner.pipeline import policy_variables
    from scanner.resolve import load_registry

    return policy_variables(ScanConfig(root=Path("."), home=home), load_registry())


def ref(identifier: str = "org/model", *, path: str = "app/main.py", line: int = 3, kind: RefKind = RefKind.HF_MODEL,
        context: Context = Context.CODE, **extra: Any) -> Reference:
    return Reference(kind=kind, identifier=identifier, location=Location(path=path, line=line), detector="test", context=context, **extra)


def model(identifier: str = "org/model", *, origin: Origin = US, base: Origin | None = None, refs: tuple[Reference, ...] | None = None,
          kind: RefKind = RefKind.HF_MODEL, **extra: Any) -> Model:
    refs = refs if refs is not None else (ref(identifier, kind=kind),)
    extra.setdefault("license", License(raw="mit", spdx="MIT", name="MIT", category="permissive"))
    extra.setdefault("pinned", True)
    return Model(id=identifier, kind=kind, origin=origin, base=base or origin, references=refs, **extra)


def package(name: str = "dashscope", *, country: str = "CN", path: str = "requirements.txt", line: int = 2, **extra: Any) -> Package:
    location = Location(path=path, line=line)
    pref = Reference(kind=RefKind.PACKAGE, identifier=name, location=location, detector="test", context=Context.CONFIG)
    return Package(name=name, location=location, country=country, developer="Dev", references=(pref,), **extra)


PICKLE_BASED = frozenset({"pickle", "pytorch", "pytorch-zip", "pytorch-legacy", "torchscript", "joblib"})


def model_file(path: str = "weights/model.bin", *, verdict: str = "safe", fmt: str = "pickle", **extra: Any) -> ModelFile:
    """A ModelFile as the inspectors build it: pickle-based formats can execute code on load."""
    extra.setdefault("can_execute_code", fmt in PICKLE_BASED)
    return ModelFile(path=path, format=fmt, size=10, verdict=verdict, **extra)


def policy_from(tmp_path: Path, text: str, *, name: str = "p.yaml", **kwargs: Any) -> Policy:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_policy((str(path),), kwargs.pop("variables", None) or variables(), **kwargs)


def run(policy: Policy, *, models: tuple[Model, ...] = (), packages: tuple[Package, ...] = (), files: tuple[ModelFile, ...] = (),
        references: tuple[Reference, ...] = (), root: Path | None = None, today: dt.date = TODAY,
        baseline: frozenset[str] | None = None) -> tuple[Finding, ...]:
    findings = evaluate(policy, models=models, packages=packages, files=files, references=references)
    return apply_suppressions(findings, policy, root=root or Path("/nonexistent"), today=today, baseline=baseline)


def ids(findings: tuple[Finding, ...], *, active: bool = False) -> list[tuple[str, str]]:
    return [(f.rule_id, f.subject) for f in findings if not active or f.suppressed_by is None]
