"""Office and OpenDocument files are zip packages (kernel-memory's example .xlsx and .vsdx, issue 19 poly20): their
parts (``printerSettings1.bin``, ``media/image10.bmp``) were taken for malformed pickles and the documents reported
as suspicious model files that can run code. A pickle that imports and calls is still found behind any member name."""

from __future__ import annotations

import struct
from pathlib import Path

from scanner.formats import inspect_path
from tests.formats import builders as b

EVIL = b.call("os", "system", b.ustr("id"))
BMP = b"BM" + struct.pack("<I", 114_292_301) + b"\x00" * 4 + struct.pack("<I", 54) + b"\x28" + b"\x00" * 200  # BINBYTES, length past the end
PRINTER = b"\\\x00\\\x00M\x00i\x00c\x00r\x00o\x00" + b"\x00" * 100


_zip = b.zip_bytes


def _inspect(tmp_path: Path, name: str, data: bytes):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_bytes(data)
    return inspect_path(tmp_path / name, name, len(data))


def test_office_documents_are_not_model_files(tmp_path: Path) -> None:
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                 "xl/printerSettings/printerSettings1.bin": PRINTER, "xl/media/image1.bmp": BMP})
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>", "Pictures/a.bmp": BMP})
    assert _inspect(tmp_path, "report.xlsx", xlsx) is None
    assert _inspect(tmp_path, "notes.odt", odt) is None
    # a zip of images (a dataset): a bitmap's header is no pickle either
    assert _inspect(tmp_path, "images.zip", _zip({"cats/1.bmp": BMP, "cats/2.bmp": BMP})) is None


def test_a_pickle_that_imports_and_calls_is_found_behind_any_member_name(tmp_path: Path) -> None:
    for name, members in (
        ("evil.docx", {"[Content_Types].xml": b"<Types/>", "word/vbaProject.bin": EVIL}),
        ("evil.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/media/image1.png": EVIL}),
        ("evil.zip", {"readme.txt": b"hello", "images/cat.bmp": EVIL}),
    ):
        result = _inspect(tmp_path, name, _zip(members))
        assert result is not None and result.verdict == "unsafe" and result.can_execute_code, (name, result)
    # a pickle-named member of a plain zip is still read whatever its first byte (a loader would be handed it)
    result = _inspect(tmp_path, "model.zip", _zip({"model.pkl": PRINTER}))
    assert result is not None and result.verdict != "safe"
