"""The discovery seam: a Detector looks at one SourceFile and yields References."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path, PurePosixPath
from typing import Protocol

from ..models import Context, Location, Reference, RefKind
from ..records import record
from .lines import python_lines

TEST_DIR_NAMES = frozenset({"test", "tests", "testing", "__tests__", "spec", "specs"})
# Test files by name: pytest's, Go's (``_test.go``, the compiler's own rule) and JS/TS runners' (``x.test.ts``, ``x.spec.js``)
TEST_FILE_ENDINGS = ("_test.py", "_tests.py", "conftest.py", "_test.go") + tuple(
    f".{kind}.{ext}" for kind in ("test", "spec") for ext in ("js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"))
DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".txt"})
INFRA_NAMES = frozenset({"dockerfile", "containerfile", "makefile", "modelfile", "procfile", "justfile"})
INFRA_SUFFIXES = frozenset({".sh", ".bash", ".zsh", ".dockerfile", ".mk", ".tf", ".hcl"})
CODE_SUFFIXES = frozenset({".py", ".pyi", ".pyw", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".go", ".java", ".kt",
                           ".kts", ".cs", ".rs"})


@record(frozen=False, slots=True)
class SourceFile:
    """A file of the project, read at most once; detectors share its bytes and text."""

    root: Path
    relpath: str  # POSIX, relative to root
    size: int
    include_docs: bool = False  # ScanConfig.include_docs: also read fenced code in Markdown (docs context)
    # Other project files a detector read to answer for this one (e.g. a sibling module's constants): the file's
    # result depends on them too, so a per-file cache must not reuse it on this file's content alone.
    depends_on: list[str] = field(default_factory=list)
    # (reason, detail) for each part a detector could not fully analyse (parse error, newer syntax...): the engine
    # then runs the parser-free fallback over the file and reports it as not fully analysed.
    gaps: list[tuple[str, str]] = field(default_factory=list)
    _data: bytes | None = field(default=None, repr=False)
    _text: str | None = field(default=None, repr=False)
    _lowered: bytes | None = field(default=None, repr=False)

    @property
    def abspath(self) -> Path:
        return self.root / self.relpath

    @property
    def name(self) -> str:
        return _name_of(self.relpath)

    @property
    def suffix(self) -> str:
        return _suffix_of(self.relpath)

    @property
    def data(self) -> bytes:
        if self._data is None:
            with open(self.abspath, "rb") as handle:
                self._data = handle.read()
        return self._data

    @property
    def lowered(self) -> bytes:
        """The bytes with ASCII letters lowered: a case-sensitive byte prefilter over them answers as the same pattern
        with ``(?i)`` over ``data`` (byte patterns fold ASCII only), about five times faster on real files."""
        if self._lowered is None:
            self._lowered = self.data.lower()
        return self._lowered

    @property
    def text(self) -> str:
        if self._text is None:
            data = self.data
            # a UTF-8 byte order mark (files saved by Windows editors) is not text: json, tomllib, packaging and the
            # line readers refused it or read it into the first name, silently (package.json, requirements.txt ...)
            self._text = (data[3:] if data.startswith(b"\xef\xbb\xbf") else data).decode("utf-8", errors="replace")
        return self._text

    @property
    def context(self) -> Context:
        return classify_context(self.relpath)

    def location(self, line: int | None = None, column: int | None = None, cell: int | None = None) -> Location:
        return Location(path=self.relpath, line=line, column=column, cell=cell)


def _plain(relpath: str) -> bool:
    """A relative POSIX path as the walker gives them (no empty, ``.`` or trailing component, not absolute): its
    parts are ``relpath.split("/")``, exactly PurePosixPath's (which costs ~5 us to build, per file and question)."""
    return bool(relpath) and not relpath.startswith("/") and not relpath.endswith("/") and "//" not in relpath \
        and "/./" not in f"/{relpath}/"


def path_parts(relpath: str) -> tuple[str, ...]:
    return tuple(relpath.split("/")) if _plain(relpath) else PurePosixPath(relpath).parts


def _suffix(name: str) -> str:
    """PurePosixPath.suffix of a last component ``name``."""
    at = name.rfind(".")
    return name[at:] if 0 < at < len(name) - 1 else ""


# Every detector's ``wants`` asks for the name and suffix of every file: computed once per path, not per question.
@functools.lru_cache(maxsize=8192)
def _name_of(relpath: str) -> str:
    return relpath.rsplit("/", 1)[-1] if _plain(relpath) else PurePosixPath(relpath).name


@functools.lru_cache(maxsize=8192)
def _suffix_of(relpath: str) -> str:
    return _suffix(_name_of(relpath)).lower()


_TEST_PROJECT = re.compile(r"(?:unit|integration|functional|e2e|acceptance|component)?tests?|specs?")


def _dotnet_test_project(part: str) -> bool:
    """A .NET test project's folder (lower-cased): ``LLama.Unittest``, ``Core.UnitTests``, ``Foo.FunctionalTests``,
    ``UnitTests``, ``IntegrationTests`` (the last dotted part of its name)."""
    return _TEST_PROJECT.fullmatch(part.rsplit(".", 1)[-1]) is not None


@functools.lru_cache(maxsize=8192)  # a function of the path alone, asked by several detectors per file
def classify_context(relpath: str) -> Context:
    """Guess the context of a path: test code, docs, infrastructure, notebook, config or code."""
    parts = [p.lower() for p in path_parts(relpath)]
    name = parts[-1] if parts else ""
    if any(p in TEST_DIR_NAMES or _dotnet_test_project(p) for p in parts[:-1]) or name.startswith("test_") or name.endswith(TEST_FILE_ENDINGS):
        return Context.TEST
    suffix = _suffix_of(relpath)
    if suffix in DOC_SUFFIXES and not name.startswith("requirements") and name not in ("constraints.txt",):
        return Context.DOCS
    if suffix == ".ipynb":
        return Context.NOTEBOOK
    if (
        name in INFRA_NAMES
        or name.startswith(("dockerfile", "containerfile", "docker-compose", "compose."))
        or name.endswith(".dockerfile")
        or suffix in INFRA_SUFFIXES
        or any(p in (".github", ".gitlab", "k8s", "kubernetes", "helm", "deploy", "charts", ".circleci") for p in parts[:-1])
        or name in (".gitlab-ci.yml", "azure-pipelines.yml", "jenkinsfile")
    ):
        return Context.INFRA
    if suffix in CODE_SUFFIXES:
        return Context.CODE
    return Context.CONFIG


def make_reference(
    src: SourceFile,
    *,
    kind: RefKind,
    identifier: str,
    detector: str,
    line: int | None = None,
    evidence: str = "",
    cell: int | None = None,
    **extra: object,
) -> Reference:
    """Build a Reference located in ``src`` with the file's context (notebook cells keep their cell number)."""
    return Reference(
        kind=kind,
        identifier=identifier,
        location=src.location(line=line, cell=cell),
        detector=detector,
        evidence=evidence.strip()[:200],
        context=src.context,
        **extra,  # type: ignore[arg-type]
    )


@record(frozen=True, slots=True)
class Hit:
    """A reference found by an analyser before it is placed in a file (notebook cells and Markdown fences shift lines)."""

    kind: RefKind
    identifier: str
    line: int | None
    via: str  # what fired, e.g. ``from_pretrained``, ``vllm serve``, ``key:model``
    evidence: str = ""
    provider: str | None = None
    revision: str | None = None
    specifier: str | None = None
    confidence: str = "high"
    trust_remote_code: bool = False
    context: Context | None = None


def hit_reference(src: SourceFile, hit: Hit, detector: str, *, line_offset: int = 0, cell: int | None = None,
                  context: Context | None = None) -> Reference:
    """Place a Hit found in ``src`` (``line_offset`` for embedded code, ``cell`` for notebooks)."""
    line = None if hit.line is None else hit.line + line_offset
    return Reference(
        kind=hit.kind,
        identifier=hit.identifier,
        location=src.location(line=line, cell=cell),
        detector=f"{detector}:{hit.via}" if hit.via else detector,
        evidence=hit.evidence.strip()[:200],
        context=hit.context or context or src.context,
        revision=hit.revision,
        provider=hit.provider,
        specifier=hit.specifier,
        confidence=hit.confidence,
        trust_remote_code=hit.trust_remote_code,
    )


def line_at(text: str, line: int | None) -> str:
    """The stripped text of 1-based ``line`` of Python source, lines counted as ``ast`` counts them (evidence)."""
    if line is None or line < 1:
        return ""
    lines = _python_lines(text)
    return lines[line - 1].strip() if line <= len(lines) else ""


@functools.lru_cache(maxsize=8)
def _python_lines(text: str) -> tuple[str, ...]:
    """Split once per text, not once per hit (a file with thousands of hits would otherwise be quadratic)."""
    return tuple(python_lines(text))


class Detector(Protocol):
    """Finds references in the files it claims. Must never execute or import what it reads."""

    name: str

    def wants(self, src: SourceFile) -> bool:
        """Cheap check on the path (and at most the first bytes) whether this detector reads the file."""

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        """References found in the file; raise nothing for malformed input (return what could be read)."""
