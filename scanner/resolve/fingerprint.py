"""Family fingerprints: what config, tokenizer, safetensors and GGUF headers say, scored against signatures.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import field
from typing import Any

from ..lazyre import LazyPattern
from ..records import record
from .entries import Signature

MAX_TOKENS = 2048  # special tokens kept from one tokenizer file
TEMPLATE_MARK = LazyPattern(r"<\|[A-Za-z0-9_:.]{1,40}\|>|<｜[^｜<>]{1,40}｜>|\[\|[a-z]{1,20}\|\]|<(?:start|end)_of_turn>|\[/?INST\]|"
                            r"<seed:[a-z_]{1,20}>|<\|hy_[A-Za-z▁_]{1,30}\|>|\]~!?b\[|\]~b\]|<think>")
_EMBED_NAMES = ("embed_tokens.weight", "wte.weight", "tok_embeddings.weight", "word_embeddings.weight",
                "embedding.word_embeddings.weight", "token_embd.weight", "embed_tokens_per_layer.weight")
_LAYOUT_RULES: tuple[tuple[str, LazyPattern], ...] = (
    ("qkv_bias", LazyPattern(r"self_attn\.[qkv]_proj\.bias$")),
    ("qk_norm", LazyPattern(r"self_attn\.(?:q_norm|k_norm|q_layernorm|k_layernorm|query_layernorm)\.weight$")),
    ("mla", LazyPattern(r"self_attn\.kv_a_proj_with_mqa\.weight$")),
    ("shared_expert", LazyPattern(r"mlp\.shared_experts?\.")),
    ("fused_qkv", LazyPattern(r"(?:query_key_value|c_attn|qkv_proj|Wqkv)\.weight$")),
    ("sandwich_norm", LazyPattern(r"pre_feedforward_layernorm\.weight$")),
)


@record(frozen=False, slots=True)
class Evidence:
    """Facts read from a model's files (never its weights); ``facts`` keeps a readable line per fact."""

    model_types: set[str] = field(default_factory=set)
    vocab_sizes: set[int] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    bos: int | None = None
    eos: set[int] = field(default_factory=set)
    gguf_pre: str | None = None
    tokenizer_class: str | None = None
    rope_theta: int | None = None
    layout: set[str] = field(default_factory=set)
    layout_seen: bool = False  # a tensor list was read, so a missing layout feature is evidence too
    auto_map: tuple[str, ...] = ()
    facts: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.model_types or self.vocab_sizes or self.tokens or self.gguf_pre)


@record(frozen=True, slots=True)
class Fingerprint:
    """The best-matching signature, its score and confidence, and the evidence that decided it."""

    signature: Signature
    score: int
    confidence: str  # high, medium, low
    evidence: tuple[str, ...]
    runner_up: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"signature": self.signature.id, "label": self.signature.label, "family": self.signature.family,
                "base_family": self.signature.base or self.signature.family, "score": self.score,
                "confidence": self.confidence, "evidence": list(self.evidence), "runner_up": self.runner_up,
                "source": self.signature.source}


def _norm(text: str) -> str:
    return re.sub(r"[-_]", "", text.strip().lower())


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 40 else None


def add_config(ev: Evidence, config: Mapping[str, Any], where: str = "config.json") -> None:
    """transformers config.json (and its text_config for multimodal models)."""
    for cfg in (config, config.get("text_config"), config.get("llm_config")):
        if not isinstance(cfg, Mapping):
            continue
        mt = cfg.get("model_type")
        if isinstance(mt, str) and mt.strip():
            ev.model_types.add(_norm(mt))
            ev.facts.append(f"{where}: model_type {mt[:60]}")
        archs = cfg.get("architectures")
        for arch in archs[:4] if isinstance(archs, list) else ():
            if isinstance(arch, str):
                ev.model_types.add(_norm(arch))
                ev.facts.append(f"{where}: architectures {arch[:80]}")
        for key in ("vocab_size", "padded_vocab_size"):
            if (v := _int(cfg.get(key))) is not None and v > 0:
                ev.vocab_sizes.add(v)
                ev.facts.append(f"{where}: {key} {v}")
        if (b := _int(cfg.get("bos_token_id"))) is not None and ev.bos is None:
            ev.bos = b
            ev.facts.append(f"{where}: bos_token_id {b}")
        eos = cfg.get("eos_token_id")
        for e in (eos if isinstance(eos, list) else [eos])[:8]:
            if (i := _int(e)) is not None:
                ev.eos.add(i)
        theta = cfg.get("rope_theta")
        if isinstance(theta, (int, float)) and not isinstance(theta, bool) and 0 < theta < 1e12:
            ev.rope_theta = int(theta)
    auto = config.get("auto_map")
    if isinstance(auto, Mapping):
        ev.auto_map = tuple(str(v)[:200] for v in list(auto.values())[:8] if isinstance(v, str))
        ev.facts.append(f"{where}: auto_map (custom code) " + ", ".join(ev.auto_map[:2]))


def add_tokenizer_config(ev: Evidence, data: Mapping[str, Any], where: str = "tokenizer_config.json") -> None:
    """tokenizer_config.json: class, added special tokens, chat-template markers."""
    cls = data.get("tokenizer_class")
    if isinstance(cls, str) and cls.strip():
        ev.tokenizer_class = cls.strip().lower()
        ev.facts.append(f"{where}: tokenizer_class {cls[:60]}")
    before = len(ev.tokens)
    decoder = data.get("added_tokens_decoder")
    if isinstance(decoder, Mapping):
        ids = []
        for key, item in list(decoder.items())[:MAX_TOKENS]:
            if isinstance(item, Mapping) and isinstance(item.get("content"), str):
                ev.tokens.add(item["content"][:80])
                if str(key).isdigit():
                    ids.append(int(key))
        if ids and max(ids) >= 1000:
            ev.facts.append(f"{where}: added tokens up to id {max(ids)}")
    for key in ("bos_token", "eos_token", "pad_token", "unk_token"):
        value = data.get(key)
        text = value.get("content") if isinstance(value, Mapping) else value
        if isinstance(text, str):
            ev.tokens.add(text[:80])
    template = data.get("chat_template")
    texts = [template] if isinstance(template, str) else [t.get("template") for t in template if isinstance(t, Mapping)] \
        if isinstance(template, list) else []
    for text in texts[:4]:
        if isinstance(text, str):
            ev.tokens.update(m.group(0) for m in TEMPLATE_MARK.finditer(text[:200_000]))
    if len(ev.tokens) > before:
        ev.facts.append(f"{where}: {len(ev.tokens) - before} special tokens / template markers")


_ADDED = LazyPattern(r'\{\s*"id"\s*:\s*(\d{1,7})\s*,\s*"content"\s*:\s*"((?:[^"\\]|\\.){1,80})"')


def add_tokenizer_json_head(ev: Evidence, head: str, where: str = "tokenizer.json") -> None:
    """The first part of tokenizer.json (added_tokens come first): special tokens and the highest token id."""
    ids = []
    for m in _ADDED.finditer(head):
        try:
            content = m.group(2).encode("latin-1", "backslashreplace").decode("unicode_escape")
        except UnicodeDecodeError:
            content = m.group(2)
        ev.tokens.add(content)
        ids.append(int(m.group(1)))
        if len(ids) >= MAX_TOKENS:
            break
    if ids:
        ev.facts.append(f"{where}: {len(ids)} added tokens, highest id {max(ids)}")
        if max(ids) >= 1000:  # special tokens sit at the end of the vocabulary: highest id + 1 ~ vocabulary size
            ev.vocab_sizes.add(max(ids) + 1)


def add_safetensors_header(ev: Evidence, header: Mapping[str, Any], where: str) -> None:
    """Embedding rows and tensor-name layout from a safetensors JSON header (no tensor data read)."""
    names = [n for n in header if n != "__metadata__"][:200_000]
    ev.layout_seen = ev.layout_seen or bool(names)
    for name in names:
        info = header.get(name)
        if name.endswith(_EMBED_NAMES) and isinstance(info, Mapping):
            shape = info.get("shape")
            if isinstance(shape, list) and shape and (rows := _int(shape[0])) and rows > 1000:
                ev.vocab_sizes.add(rows)
                ev.facts.append(f"{where}: {name} has {rows} rows")
        for feature, pattern in _LAYOUT_RULES:
            if feature not in ev.layout and pattern.search(name):
                ev.layout.add(feature)
                ev.facts.append(f"{where}: tensor layout {feature} ({name})")


def add_gguf(ev: Evidence, kv: Mapping[str, Any], where: str) -> None:
    """GGUF metadata: general.architecture, tokenizer.ggml.pre / model, token count, special token ids."""
    arch = kv.get("general.architecture")
    if isinstance(arch, str) and arch:
        ev.model_types.add(_norm(arch))
        ev.facts.append(f"{where}: general.architecture {arch[:60]}")
    pre = kv.get("tokenizer.ggml.pre")
    if isinstance(pre, str) and pre and pre != "default":
        ev.gguf_pre = pre.lower()
        ev.facts.append(f"{where}: tokenizer.ggml.pre {pre[:60]}")
    count = kv.get("tokenizer.ggml.token_count")
    if (n := _int(count)) is not None and n > 1000:
        ev.vocab_sizes.add(n)
        ev.facts.append(f"{where}: {n} tokens")
    if (b := _int(kv.get("tokenizer.ggml.bos_token_id"))) is not None:
        ev.bos = b
    if (e := _int(kv.get("tokenizer.ggml.eos_token_id"))) is not None:
        ev.eos.add(e)
    template = kv.get("tokenizer.chat_template")
    if isinstance(template, str):
        ev.tokens.update(m.group(0) for m in TEMPLATE_MARK.finditer(template[:200_000]))


def _score(sig: Signature, ev: Evidence) -> tuple[int, list[str]]:
    score, why = 0, []
    types = ev.model_types
    if types & {_norm(t) for t in sig.model_types}:
        score += 4
        why.append("architecture")
    elif types & {_norm(t) for t in sig.weak_types}:
        score += 1
        why.append("shared architecture")
    elif types and (sig.model_types or sig.weak_types):
        score -= 2
    if ev.vocab_sizes and sig.vocab_sizes:
        if ev.vocab_sizes & set(sig.vocab_sizes):
            score += 3
            why.append("vocabulary size")
        elif any(0 < abs(v - s) <= 512 for v in ev.vocab_sizes for s in sig.vocab_sizes):
            score += 1
            why.append("vocabulary size (within 512)")
        else:
            score -= 3
    if sig.tokens and ev.tokens:
        hits = [t for t in sig.tokens if t in ev.tokens]
        score += min(6, 2 * len(hits)) if hits else -1
        if hits:
            why.append("special tokens " + " ".join(hits[:3]))
    if sig.bos is not None and ev.bos == sig.bos:
        score += 1
    if sig.eos and ev.eos & set(sig.eos):
        score += 1
    if ev.gguf_pre and sig.gguf_pre:
        if ev.gguf_pre in sig.gguf_pre:
            score += 5
            why.append(f"GGUF pre-tokenizer {ev.gguf_pre}")
        else:
            score -= 2
    if ev.tokenizer_class and ev.tokenizer_class.removesuffix("fast") in {c.removesuffix("fast") for c in sig.tokenizer_classes}:
        score += 1
    if ev.rope_theta is not None and ev.rope_theta in sig.rope_theta:
        score += 1
    for feature in sig.layout:
        if feature in ev.layout:
            score += 1
            why.append(f"layout {feature}")
        elif ev.layout_seen and feature in ("qkv_bias", "mla", "qk_norm"):
            score -= 1
    return score, why


def match(ev: Evidence, signatures: Iterable[Signature]) -> Fingerprint | None:
    """The best signature when the evidence says more than a shared architecture name; None otherwise."""
    if ev.empty():
        return None
    ranked = sorted(((*_score(sig, ev), i, sig) for i, sig in enumerate(signatures)), key=lambda t: (-t[0], -len(t[1]), t[2]))
    if not ranked or ranked[0][0] < 3:
        return None
    best_score, why, _, best = ranked[0]
    other = next(((s, sig) for s, _, _, sig in ranked[1:] if sig.family != best.family), None)
    margin = best_score - other[0] if other else best_score
    confidence = "high" if best_score >= 8 and margin >= 3 else "medium" if best_score >= 5 and margin >= 2 else "low"
    facts = tuple(dict.fromkeys(ev.facts))[:24]
    return Fingerprint(best, best_score, confidence, (f"matched {best.label}: " + ", ".join(why), *facts),
                       other[1].id if other else None)
