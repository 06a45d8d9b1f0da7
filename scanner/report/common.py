"""Helpers every human-facing reporter shares: ordering, locations, model links, and neutralising hostile text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit

from ..models import Finding, Location, Model, RefKind, Report, Severity
from ..textsafe import reveal as _reveal

PROJECT_URL = "https://github.com/your-org/aiscan"  # = setup.cfg url (tested)
README_URL = PROJECT_URL + "/blob/main/README.md"
SEVERITIES_DESC: tuple[Severity, ...] = tuple(sorted(Severity, reverse=True))

_NEWLINES = re.compile(r"[\r\n\t]+")


def reveal(text: str) -> str:
    """``text`` with every invisible, format or control character made visible as <U+XXXX> (newlines/tabs kept).

    Trojan Source bidi controls, zero-width joiners, tag characters (U+E0000-E007F), U+2028/2029: one shared rule
    for every human format (scanner/textsafe.py).
    """
    return _reveal(text)


def one_line(text: str, limit: int = 0) -> str:
    """``reveal`` + newlines folded to spaces, optionally cut to ``limit`` characters with an ellipsis."""
    out = reveal(_NEWLINES.sub(" ", text)).strip()
    if limit and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def rule_anchor(rule_id: str) -> str:
    """The README anchor of a built-in rule (``<a id>`` in the rules table), e.g. ``rule-ais-api-001``."""
    return "rule-" + re.sub(r"[^a-z0-9]+", "-", rule_id.lower()).strip("-")


@lru_cache(maxsize=1)
def builtin_rule_ids() -> frozenset[str]:
    """Ids of the rules the built-in packs define (read as text: ``- id: X`` lines of rules/*.yaml)."""
    from ..policy.loader import builtin_packs

    ids: set[str] = set()
    for path in builtin_packs().values():
        ids.update(re.findall(r"(?m)^\s*-\s*id:\s*['\"]?([A-Za-z0-9_.-]{1,64})", path.read_text(encoding="utf-8")))
    return frozenset(ids)


def rule_help_uri(rule_id: str) -> str:
    """Where a rule is documented: its row of README's built-in rules table, or the policy section for other rules."""
    if rule_id in builtin_rule_ids():
        return f"{README_URL}#{rule_anchor(rule_id)}"
    return f"{README_URL}#policies"


def finding_key(f: Finding) -> tuple[object, ...]:
    """Stable order: most severe first, then rule, subject, first location, fingerprint."""
    return (-int(f.severity), f.rule_id, f.subject, f.locations, f.fingerprint, f.message)


def sorted_findings(report: Report) -> list[Finding]:
    return sorted(report.findings, key=finding_key)


def is_blocking(report: Report, f: Finding) -> bool:
    return f.suppressed_by is None and f.severity >= report.fail_on


def where(loc: Location) -> str:
    return str(loc)


def suppression_kind(suppressed_by: str) -> str:
    """SARIF suppression kind: ``inSource`` for inline comments, ``external`` for config, baseline and the rest."""
    head = suppressed_by.strip().lower()
    return "inSource" if head.startswith(("inline", "comment", "in-source", "source", "noqa", "# aiscan")) else "external"


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) URL with a host; otherwise None (no javascript:, data:, relative...)."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 0x21 or unicodedata.category(ch) in ("Cc", "Cf", "Zs") for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def model_url(model: Model) -> str | None:
    """The model's public page, for the kinds that have one."""
    ident = model.id.strip()
    if not ident or any(ch.isspace() for ch in ident):
        return None
    if model.kind is RefKind.HF_MODEL and "/" in ident:
        return "https://huggingface.co/" + quote(ident, safe="/-_.")
    if model.kind is RefKind.HF_DATASET:
        return "https://huggingface.co/datasets/" + quote(ident, safe="/-_.")
    if model.kind is RefKind.MODELSCOPE_MODEL:
        return "https://modelscope.cn/models/" + quote(ident, safe="/-_.")
    if model.kind is RefKind.MODEL_FILE and ident.startswith(("https://", "http://")):
        return ident  # a weights file downloaded at run time (discovery kept scheme, host and path only)
    if model.kind is RefKind.TORCH_HUB and ident.count("/") == 1:
        return "https://github.com/" + quote(ident, safe="/-_.") + (f"/tree/{quote(model.revision, safe='/-_.')}" if model.revision else "")
    if model.kind is RefKind.OLLAMA:
        name = ident.split(":", 1)[0]
        path = name if "/" in name else f"library/{name}"
        return "https://ollama.com/" + quote(path, safe="/-_.")
    return None


def origin_text(developer: str | None, country: str | None) -> str:
    return f"{developer or 'unknown'} ({country or '??'})"


HOSTED_NA = "n/a"


def is_hosted_without_license(model: Model) -> bool:
    """A hosted API model with no license of its own: terms of service apply, a model license does not."""
    lic = model.license
    return model.kind is RefKind.API_MODEL and lic.category == "unknown" and not (lic.spdx or lic.name or lic.raw)


def license_text(model: Model) -> str:
    lic = model.license
    if is_hosted_without_license(model):
        return f"{HOSTED_NA} (hosted API: the provider's terms apply)"
    return lic.spdx or lic.name or lic.raw or "unknown"


def license_category(model: Model) -> str:
    """The license category to show: ``n/a`` for hosted API models without a model license, else the category."""
    return HOSTED_NA if is_hosted_without_license(model) else model.license.category


def alternatives(model: Model) -> list[dict[str, str]]:
    """``Model.extra['alternatives']`` as dicts of strings with an ``id`` (given as ids, or dicts keyed id/model/name)."""
    raw = model.extra.get("alternatives") if model.extra else None
    if not isinstance(raw, (list, tuple)):
        return []
    out: list[dict[str, str]] = []
    for item in raw:
        if isinstance(item, str):
            out.append({"id": item})
        elif isinstance(item, dict):
            ident = item.get("id") or item.get("model") or item.get("name")
            if ident:
                rest = {str(k): str(v) for k, v in item.items() if k not in ("id", "model") and v is not None and not isinstance(v, (dict, list))}
                out.append(rest | {"id": str(ident)})
    return out


COVERAGE_LISTED = 5  # entries of each coverage list a human summary names (the JSON report lists them all)


def coverage_lines(report: Report) -> list[str]:
    """Plain-text coverage summary (files seen and analysed, files not fully analysed, skipped folders); empty when
    the report carries no coverage (a report built by hand). Callers escape for their format."""
    c = report.coverage
    if not (c.files_seen or c.not_analysed or c.skipped_folders):
        return []
    analysed = sum(c.analysed.values())
    langs = ", ".join(f"{k} {v}" for k, v in sorted(c.analysed.items(), key=lambda kv: (-kv[1], kv[0])))
    lines = [f"Coverage: {c.files_seen} files seen, {analysed} analysed" + (f" ({langs})" if langs else "")]
    if c.not_analysed:
        shown = "; ".join(f"{g.path} ({g.reason}{', fallback-scanned' if g.fallback else ''})" for g in c.not_analysed[:COVERAGE_LISTED])
        more = f"; +{len(c.not_analysed) - COVERAGE_LISTED} more" if len(c.not_analysed) > COVERAGE_LISTED else ""
        lines.append(f"Not fully analysed: {len(c.not_analysed)}: {shown}{more}")
    if c.skipped_folders:
        shown = "; ".join(f"{f.path}/ ({f.reason}; {f.files} files, {f.inspected} inspected)" for f in c.skipped_folders[:COVERAGE_LISTED])
        more = f"; +{len(c.skipped_folders) - COVERAGE_LISTED} more" if len(c.skipped_folders) > COVERAGE_LISTED else ""
        lines.append(f"Skipped folders: {len(c.skipped_folders)}: {shown}{more}")
    return lines
