"""NeMo checkpoints (``.nemo``: a tar of ``model_config.yaml`` and the weights): restoring one instantiates the classes
its config names (``target``) and every Hydra ``_target_`` in it (``hydra.utils.instantiate`` imports any callable by
its dotted path and calls it), so the config chooses code that runs on load, as a pickle's globals do."""

from __future__ import annotations

import re
from typing import Any

from ..models import Severity
from .base import Scan

CONFIG_NAME = "model_config.yaml"
MAX_CONFIG_BYTES = 4 << 20  # a NeMo config is a few KB; larger is not read (fail closed)
MAX_NODES = 200_000  # mappings and lists walked (aliases are visited once: a YAML bomb costs its distinct nodes)
TARGET_KEYS = ("_target_", "target")
# Dotted paths whose classes a NeMo config instantiates in ordinary checkpoints; anything the pickle policy denies
# (os.system, builtins.exec, subprocess, torch.load, ...) is unsafe whatever its prefix
KNOWN_PREFIXES = ("nemo.", "nemo_text_processing.", "torch.nn.", "torch.optim.", "torchaudio.transforms.", "transformers.",
                  "megatron.core.", "lightning.pytorch.", "pytorch_lightning.")


def is_config(member: str) -> bool:
    return member.rsplit("/", 1)[-1] == CONFIG_NAME


def check_config(data: bytes, size: int, label: str, scan: Scan) -> None:
    """Every ``_target_``/``target`` of a NeMo model config: denied -> unsafe, outside NeMo and PyTorch -> suspicious."""
    from ..errors import ValidationError
    from ..yamlio import load_yaml_text
    from .pickle_policy import UNSAFE, classify

    scan.can_execute_code = True
    if size > MAX_CONFIG_BYTES:
        scan.incomplete("nemo-config-unread", f"{label}: larger than {MAX_CONFIG_BYTES >> 20} MB; the classes it instantiates were not read")
        return
    try:
        document = load_yaml_text(data.decode("utf-8"), source=label)
    except (ValidationError, UnicodeDecodeError, RecursionError) as exc:
        scan.incomplete("nemo-config-unread", f"{label}: not readable YAML ({str(exc)[:200]}); the classes it instantiates are unknown")
        return
    targets, complete = _targets(document)
    if not complete:
        scan.incomplete("nemo-config-unread", f"{label}: more than {MAX_NODES} nodes; the rest was not read")
    for written in sorted(targets)[:200]:
        target = resolve(written, document)
        shown = written[:200] if target == written else f"{written[:100]} = {str(target)[:100]}"
        if target is None:
            scan.issue("nemo-unknown-target", Severity.MEDIUM, f"{label}: restoring the model imports and calls {written[:200]!r}, "
                       "whose OmegaConf interpolation is resolved only when it is loaded: review it before loading", written[:200])
        elif classify(target) == UNSAFE:
            scan.issue("nemo-unsafe-target", Severity.CRITICAL, f"{label}: restoring the model instantiates {shown!r} "
                       "(runs code on load)", shown)
        elif not target.startswith(KNOWN_PREFIXES):
            scan.issue("nemo-unknown-target", Severity.MEDIUM, f"{label}: restoring the model imports and calls {shown!r}, "
                       "outside NeMo and PyTorch: review it before loading", shown)


_INTERPOLATION = re.compile(r"\$\{([^${}]*)\}")
_KEY_PATH = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*")
MAX_RESOLVE = 16  # interpolations substituted per target


def resolve(target: str, document: Any) -> str | None:
    """The target as OmegaConf hands it to Hydra: ``${a.b}`` references to string values of the document substituted
    (nested ones too); None when one cannot be resolved here (a resolver such as ``oc.env``, a relative reference)."""
    text = target
    for _ in range(MAX_RESOLVE):
        match = _INTERPOLATION.search(text)
        if match is None:
            return None if "${" in text else text
        path = match.group(1).strip()
        value: Any = document
        if not _KEY_PATH.fullmatch(path):
            return None
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return None
        text = text[: match.start()] + str(value) + text[match.end() :]
        if len(text) > 1000:
            return None
    return None


def _targets(document: Any) -> tuple[set[str], bool]:
    """The string values of target keys anywhere in the document, and whether the walk finished within MAX_NODES."""
    found: set[str] = set()
    seen: set[int] = set()
    stack = [document]
    budget = MAX_NODES
    while stack:
        node = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in seen:
            continue
        seen.add(id(node))
        budget -= 1
        if budget < 0:
            return found, False
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TARGET_KEYS and isinstance(value, str):
                    found.add(value.strip())
                elif key in TARGET_KEYS and value is not None:
                    found.add(repr(value)[:200])  # a target that is not a dotted path: unknown, never skipped
                stack.append(value)
        else:
            stack.extend(node)
    return found, True
