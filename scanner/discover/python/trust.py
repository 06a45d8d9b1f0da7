"""``trust_remote_code`` switched on in a Python call, found on its own whatever the model id (which may be unknowable)."""

from __future__ import annotations

import ast

from ...models import RefKind
from ..base import Hit
from ..classify import classify
from .values import Program, Scope

KEYWORD = "trust_remote_code"
MODEL_KEYWORDS = ("pretrained_model_name_or_path", "model", "model_name", "model_id", "model_name_or_path", "repo_id", "path")
MAX_SHOWN = 80


def truthy(expr: ast.AST, program: Program, scope: Scope, depth: int = 0) -> bool:
    """``True`` (or 1), or a name bound in this file only to such constants (``TRC = True``)."""
    if isinstance(expr, ast.Constant):
        return expr.value is True or (type(expr.value) is int and expr.value == 1)
    if isinstance(expr, ast.Name) and depth < 4:
        bound = [node for how, node, _ in program.lookup(expr.id, scope) if how == "expr"]
        return bool(bound) and any(truthy(node, program, scope, depth + 1) for node in bound)
    return False


def remote_keyword(call: ast.Call, program: Program, scope: Scope) -> ast.keyword | None:
    """The ``trust_remote_code=<true>`` keyword of a call (``**{...}`` already expanded by the caller)."""
    for kw in call.keywords:
        if kw.arg == KEYWORD and truthy(kw.value, program, scope):
            return kw
    return None


def orphan_hit(call: ast.Call, program: Program, scope: Scope, callee: str, evidence: str) -> Hit:
    """A Hit for a call that enables remote code although no model id was found for it: the id may come from
    ``sys.argv``, the environment, a parameter or another module; the finding must not depend on knowing it."""
    model = next((k.value for k in call.keywords if k.arg in MODEL_KEYWORDS), None)
    if model is None and call.args and not isinstance(call.args[0], ast.Starred):
        model = call.args[0]
    if model is not None:
        for val in program.values(model, scope):
            found = classify(val.text, "hf") if val.text else None
            if found is not None:
                return Hit(kind=found.kind, identifier=found.identifier, line=call.lineno, via=KEYWORD, evidence=evidence,
                           revision=found.revision, confidence="medium", trust_remote_code=True)
        shown = _unparse(model)
    else:
        shown = f"{callee or 'call'}(...)"
    return Hit(kind=RefKind.MODEL_SLOT, identifier=shown, line=call.lineno, via=KEYWORD, evidence=evidence,
               confidence="medium", trust_remote_code=True)


def hub_orphan(call: ast.Call, callee: str, evidence: str) -> Hit:
    """A torch.hub call whose repository is not readable here (``sys.argv``, the environment, another module): the
    code of whichever repository it names runs, so the call is reported as a slot with remote code on."""
    repo = next((k.value for k in call.keywords if k.arg in ("repo_or_dir", "github")), None)
    if repo is None and call.args and not isinstance(call.args[0], ast.Starred):
        repo = call.args[0]
    shown = _unparse(repo) if repo is not None else f"{callee}(...)"
    return Hit(kind=RefKind.MODEL_SLOT, identifier=shown, line=call.lineno, via=callee, evidence=evidence,
               confidence="medium", trust_remote_code=True)


def _unparse(expr: ast.AST) -> str:
    try:
        text = ast.unparse(expr)
    except (ValueError, RecursionError):  # pragma: no cover - unparse of a parsed tree
        text = "<expression>"
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."
