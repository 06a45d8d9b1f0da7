"""Model files behind names no detector reads: a pickle saved as ``logo.png`` loads (``torch.load``) as well as any.

Content decides, never the name alone: the first 4 KiB of every file no detector wants are checked for a loadable
format; real images, fonts and office documents stay out of the inventory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from .coverage_helpers import evil_pickle, scan, write

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("name", ["assets/logo.png", "static/font.woff2", "data/table.csv", "docs/manual.pdf", "lib/native.so",
                                  "img/photo.JPG", "bin/tool.exe"])
def test_a_pickle_under_any_name_is_inspected_and_blocks(tmp_path: Path, name: str) -> None:
    report = scan(write(tmp_path / "repo", {name: evil_pickle(), "app.py": "x = 1\n"}), tmp_path)
    files = {f.path: f for f in report.files}
    assert name in files and files[name].format == "pickle" and files[name].verdict == "unsafe"
    assert any(f.subject == name and f.severity.label in ("critical", "high") for f in report.findings)


def test_a_torch_zip_renamed_to_an_image_is_inspected(tmp_path: Path) -> None:
    torch_like = _zip({"archive/data.pkl": evil_pickle(), "archive/version": b"3\n"})
    report = scan(write(tmp_path / "repo", {"assets/banner.gif": torch_like}), tmp_path)
    assert [(f.path, f.verdict) for f in report.files] == [("assets/banner.gif", "unsafe")]


def test_real_binaries_stay_out_of_the_inventory(tmp_path: Path) -> None:
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    jar = _zip({"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n", "a/B.class": b"\xca\xfe\xba\xbe" + bytes(40)})
    root = write(tmp_path / "repo", {"logo.png": PNG, "report.docx": docx, "lib/app.jar": jar, "font.woff2": b"wOF2" + bytes(100),
                                      "empty.png": b"", "notes.csv": b"(a,b)\nc,d\n", "app.py": "x = 1\n"})
    report = scan(root, tmp_path)
    assert report.files == () and not report.findings
