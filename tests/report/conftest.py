"""Fixtures for the reporter tests: the constructed rich Report, example scans, schema validators, golden files."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scanner.config import build_config
from scanner.models import Report
from scanner.pipeline import run_scan

from ..conftest import EXAMPLES, FIXED_TIME, REPO, SCHEMAS
from . import rich

GOLDEN = REPO / "tests" / "golden" / "report"


@pytest.fixture
def rich_report() -> Report:
    return rich.build()


def example_projects() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and p.name != "ci")


def scan_example(project: Path) -> Report:
    config = build_config(project, config_path=None, cli={"offline": True})
    return run_scan(config, clock=lambda: FIXED_TIME)


@pytest.fixture(scope="session")
def example_reports() -> dict[str, Report]:
    return {p.name: scan_example(p) for p in example_projects()}


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with tests/golden/report/NAME; AISCAN_REGEN_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("AISCAN_REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} missing: run AISCAN_REGEN_GOLDEN=1 python -m pytest tests/report"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file; if the change is intended: AISCAN_REGEN_GOLDEN=1 python -m pytest tests/report"


@pytest.fixture(scope="session")
def sarif_validator() -> Callable[[Any], None]:
    import jsonschema

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return lambda doc: validator.validate(doc)


@pytest.fixture(scope="session")
def bom_validator() -> Callable[[Any], None]:
    """CycloneDX 1.6 validation with spdx and jsf schemas resolved locally (a Registry; nothing is fetched)."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    def retrieve_nothing(uri: str) -> Any:
        raise AssertionError(f"schema {uri} is not local: tests never fetch")

    resources = []
    for name in ("bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json"):
        contents = json.loads((SCHEMAS / name).read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        resources += [(contents["$id"], resource), (name, resource)]
    registry = Registry(retrieve=retrieve_nothing).with_resources(resources)
    schema = json.loads((SCHEMAS / "bom-1.6.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return lambda doc: validator.validate(doc)
