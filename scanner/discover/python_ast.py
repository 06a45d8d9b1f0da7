"""Model references in Python source, read through ``ast`` (never imported or executed)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from ..models import Reference, RefKind
from .base import SourceFile, make_reference
from .ids import normalise_hf, normalise_ollama, split_revision

# Callables whose first positional argument (or the named keyword) is a Hub model id.
HF_LOADERS = {
    "from_pretrained": ("pretrained_model_name_or_path", "model_id", "repo_id"),
    "SentenceTransformer": ("model_name_or_path",),
    "CrossEncoder": ("model_name",),
    "hf_hub_download": ("repo_id",),
    "snapshot_download": ("repo_id",),
    "pipeline": ("model",),
}
OLLAMA_CALLS = frozenset({"chat", "generate", "pull", "embed", "embeddings", "show", "create"})
PREFILTER = (b"from_pretrained", b"SentenceTransformer", b"CrossEncoder", b"hf_hub_download", b"snapshot_download", b"pipeline", b"ollama")


class PythonDetector:
    """Loader calls (transformers, sentence-transformers, huggingface_hub, ollama) with constants followed."""

    name = "python"

    def wants(self, src: SourceFile) -> bool:
        return src.suffix in (".py", ".pyw")

    def detect(self, src: SourceFile) -> Iterable[Reference]:
        if not any(token in src.data for token in PREFILTER):
            return ()
        try:
            tree = ast.parse(src.data, filename=src.relpath)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return ()
        return list(self._visit(src, tree))

    def _visit(self, src: SourceFile, tree: ast.AST) -> Iterator[Reference]:
        constants = _module_constants(tree)
        imports_ollama = any(
            isinstance(n, (ast.Import, ast.ImportFrom))
            and any((a.name or "").split(".")[0] == "ollama" for a in n.names)
            or isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "ollama"
            for n in ast.walk(tree)
        )
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name, owner = _call_name(node.func)
            if name in HF_LOADERS:
                value = _argument(node, HF_LOADERS[name], constants, positional=name != "pipeline")
                if value is None:
                    continue
                repo, rev = split_revision(value)
                hf_id = normalise_hf(repo)
                if hf_id is None:
                    continue
                rev = rev or _string_kw(node, "revision", constants)
                remote = any(k.arg == "trust_remote_code" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords)
                yield make_reference(
                    src, kind=RefKind.HF_MODEL, identifier=hf_id, detector=f"{self.name}:{name}", line=node.lineno,
                    evidence=_segment(src, node), revision=rev, trust_remote_code=remote,
                )
            elif name in OLLAMA_CALLS and imports_ollama and owner in ("ollama", "client", "Client", "AsyncClient"):
                value = _argument(node, ("model",), constants, positional=True)
                tag = normalise_ollama(value) if value else None
                if tag is not None:
                    yield make_reference(
                        src, kind=RefKind.OLLAMA, identifier=tag, detector=f"{self.name}:ollama.{name}",
                        line=node.lineno, evidence=_segment(src, node),
                    )


def _module_constants(tree: ast.AST) -> dict[str, str]:
    """Names bound once, at module level, to a string constant."""
    values: dict[str, str] = {}
    for stmt in getattr(tree, "body", []):
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = stmt.value.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            values[stmt.target.id] = stmt.value.value
    return values


def _call_name(func: ast.expr) -> tuple[str, str | None]:
    if isinstance(func, ast.Attribute):
        owner = func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else None
        return func.attr, owner_name
    if isinstance(func, ast.Name):
        return func.id, None
    return "", None


def _resolve(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _argument(node: ast.Call, keywords: tuple[str, ...], constants: dict[str, str], *, positional: bool) -> str | None:
    for kw in node.keywords:
        if kw.arg in keywords:
            return _resolve(kw.value, constants)
    if positional and node.args:
        return _resolve(node.args[0], constants)
    return None


def _string_kw(node: ast.Call, name: str, constants: dict[str, str]) -> str | None:
    for kw in node.keywords:
        if kw.arg == name:
            return _resolve(kw.value, constants)
    return None


def _segment(src: SourceFile, node: ast.AST) -> str:
    lineno = getattr(node, "lineno", None)
    if lineno is None:
        return ""
    lines = src.text.splitlines()
    return lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
