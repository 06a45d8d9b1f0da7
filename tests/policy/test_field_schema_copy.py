"""The rule field paths ship derived (scanner/policy/_fields.py), used only while made from the code on disk.

Regenerate after changing a record, a serializer or scanner/policy/schema.py:
    AISCAN_REGEN_GOLDEN=1 python -m pytest tests/policy/test_field_schema_copy.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.policy import schema

TARGET = Path(schema.__file__).with_name("_fields.py")


def test_the_copy_is_current() -> None:
    expected = schema.stored_module_text()
    if os.environ.get("AISCAN_REGEN_GOLDEN"):
        TARGET.write_text(expected, encoding="utf-8")
        schema._stored_schemas.cache_clear()
        schema.field_schema.cache_clear()
    assert TARGET.read_text(encoding="utf-8") == expected, "stale: AISCAN_REGEN_GOLDEN=1 python -m pytest " + __file__


@pytest.mark.parametrize("subject", ["model", "package", "file", "reference", "coverage"])
def test_the_copy_gives_the_derived_schema(subject: str) -> None:
    assert schema._stored_schemas() is not None  # the copy is in use
    assert schema.field_schema(subject) == schema.derive_schema(subject)
    assert len(schema.field_schema(subject).paths) >= 5


def test_a_copy_made_from_other_code_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.policy import _fields

    schema._stored_schemas.cache_clear()
    monkeypatch.setattr(_fields, "DIGEST", "0" * 64)
    monkeypatch.setattr(_fields, "SCHEMAS", {"model": ((), (), {})})  # would allow no field at all
    try:
        assert schema._stored_schemas() is None
        assert schema.field_schema.__wrapped__("model") == schema.derive_schema("model")
    finally:
        schema._stored_schemas.cache_clear()
