"""Base-model lineage from Hub answers: parents with their relation, fetched level by level, walked to the root."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..records import record
from .base import HubClient, HubLookupError, HubModelInfo
from .hub_files import repo_contents

Key = tuple[str, str | None]
Answer = HubModelInfo | None | HubLookupError

RELATIONS = ("finetune", "adapter", "quantized", "merge")
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")
_QUANT_HINTS = ("gguf", "gptq", "awq", "exl2", "4-bit", "8-bit", "4bit", "8bit", "bnb", "quantized", "mlx")


def _clean(parent: str) -> str | None:
    text = parent.strip()
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "hf://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    text = text.strip("/")
    return text if _REPO_ID.match(text) and len(text) <= 200 else None


def parents_of(info: HubModelInfo) -> tuple[tuple[str, str], ...]:
    """(parent id, relation) pairs, card order first. Relation: card > Hub tag > inferred from files and tags."""
    tagged: dict[str, str | None] = {}
    for tag in info.tags:
        if not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:"):]
        head, sep, tail = rest.partition(":")
        if sep and head in RELATIONS:
            parent = _clean(tail)
            if parent:
                tagged[parent] = head
        else:
            parent = _clean(rest)
            if parent:
                tagged.setdefault(parent, None)
    order: list[str] = []
    for raw in info.base_models:
        parent = _clean(raw)
        if parent:
            order.append(parent)
    order.extend(tagged)
    seen: set[str] = {info.repo_id.lower()}
    parents: list[str] = []
    for parent in order:
        if parent.lower() not in seen:
            seen.add(parent.lower())
            parents.append(parent)
    explicit = (info.base_model_relation or "").lower()
    guess = _inferred_relation(info, len(parents))
    out = []
    for parent in parents:
        relation = explicit if explicit in RELATIONS else tagged.get(parent) or guess
        out.append((parent, relation))
    return tuple(out)


def _inferred_relation(info: HubModelInfo, n_parents: int) -> str:
    if n_parents > 1:
        return "merge"
    contents = repo_contents(info.files)
    if contents.adapter or (info.library_name or "").lower() == "peft":
        return "adapter"
    hints = " ".join((info.repo_id.lower(), *(t.lower() for t in info.tags), *contents.formats))
    if any(h in hints for h in _QUANT_HINTS):
        return "quantized"
    return "finetune"


MAX_PARENTS = 16


def fetch_lineage(hub: HubClient, roots: Sequence[Key], max_depth: int, max_parents: int = MAX_PARENTS) -> dict[Key, Answer]:
    """Ask for the roots, then their parents level by level (each repo once, batched so the pool stays busy).

    Only the first ``max_parents`` parents of each card are followed: a card listing thousands of base models
    cannot fan out into thousands of requests (the rest are reported as not checked by the enricher).
    """
    answers: dict[Key, Answer] = {}
    frontier = list(dict.fromkeys(roots))
    for _level in range(max_depth + 1):
        new = [k for k in frontier if k not in answers]
        if not new:
            break
        got = hub.model_infos(new)
        nxt: list[Key] = []
        for key in new:
            answer = got.get(key, HubLookupError("no answer"))
            answers[key] = answer
            if isinstance(answer, HubModelInfo):
                nxt.extend((parent, None) for parent, _ in parents_of(answer)[:max_parents])
        frontier = list(dict.fromkeys(nxt))
    return answers


@record(frozen=True, slots=True)
class Chain:
    """The walk from a model to its root: hops (child, parent, relation), plus what stopped it."""

    hops: tuple[tuple[str, str, str], ...]
    root: str
    root_info: HubModelInfo | None
    roots: tuple[str, ...] = ()  # every root reached (a merge has several)
    cycle: bool = False
    truncated: bool = False
    unchecked: tuple[str, ...] = ()  # ancestors the Hub could not be asked about


def walk(start: str, info: HubModelInfo, answers: Mapping[Key, Answer], max_depth: int, max_parents: int = MAX_PARENTS) -> Chain:
    """Follow first parents to the root; record every parent of every visited node; stop at cycles and max_depth."""
    hops: list[tuple[str, str, str]] = []
    visited = {start.lower()}
    current, node = start, info
    cycle = truncated = False
    unchecked: list[str] = []
    extra_roots: list[str] = []
    depth = 0
    while True:
        parents = parents_of(node)[:max_parents]
        if not parents:
            break
        if depth >= max_depth:
            truncated = True
            break
        for parent, relation in parents:
            hops.append((current, parent, relation))
        for other, _ in parents[1:]:
            extra_roots.append(other)
        first = parents[0][0]
        if first.lower() in visited:
            cycle = True
            break
        visited.add(first.lower())
        current = first
        depth += 1
        answer = answers.get((first, None))
        if not isinstance(answer, HubModelInfo):
            if isinstance(answer, HubLookupError) or answer is None and (first, None) not in answers:
                unchecked.append(first)
            return Chain(hops=tuple(hops), root=current, root_info=None, roots=(current, *extra_roots),
                         unchecked=tuple(unchecked))
        node = answer
    return Chain(hops=tuple(hops), root=current, root_info=node, roots=(current, *extra_roots), cycle=cycle,
                 truncated=truncated, unchecked=tuple(unchecked))
