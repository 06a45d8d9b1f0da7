"""The name, suffix and parts of a relative path come from string operations on the walker's plain POSIX paths
(session 4: ~60,000 PurePosixPath objects on a 16,000-file checkout) and equal PurePosixPath's on every shape."""

from __future__ import annotations

import itertools
from pathlib import PurePosixPath

from scanner.discover.base import _name_of, _suffix_of, classify_context, path_parts

PIECES = ["a", "b.py", ".env", "x.tar.gz", "file.", "..", ".", "", "Dockerfile", "tests", "README.MD", "..hidden", "a.b.c."]


def test_string_path_operations_equal_pure_posix_path() -> None:
    shapes = {"/".join(combo) for n in (1, 2, 3) for combo in itertools.product(PIECES, repeat=n)}
    shapes |= {"/abs/x.py", "a/", "a//b.yaml", "./x.json", "a/./b.sh"}
    for relpath in sorted(shapes):
        pure = PurePosixPath(relpath)
        assert path_parts(relpath) == pure.parts, relpath
        assert _name_of(relpath) == pure.name, relpath
        assert _suffix_of(relpath) == pure.suffix.lower(), relpath


def test_context_of_common_paths() -> None:
    assert classify_context("tests/unit/conf.yaml").value == "test"
    assert classify_context("docs/guide.md").value == "docs"
    assert classify_context(".github/workflows/ci.yml").value == "infra"
    assert classify_context("src/app.py").value == "code"
