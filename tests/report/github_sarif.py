"""GitHub code scanning's upload rules for SARIF, beyond the schema (docs.github.com: SARIF support, limits)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

RUNS_PER_FILE = 20
RESULTS_PER_RUN = 25_000
RULES_PER_RUN = 25_000
LOCATIONS_PER_RESULT = 1_000
TAGS_PER_RULE = 20


def github_problems(doc: dict[str, Any]) -> list[str]:
    """Every way ``doc`` would be rejected or mis-shown by GitHub code scanning (empty when it is fine)."""
    problems: list[str] = []
    if doc.get("version") != "2.1.0":
        problems.append("version must be 2.1.0")
    runs = doc.get("runs", [])
    if not 1 <= len(runs) <= RUNS_PER_FILE:
        problems.append(f"{len(runs)} runs (1..{RUNS_PER_FILE})")
    for r, run in enumerate(runs):
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            problems.append(f"runs[{r}]: tool.driver.name is required")
        rules = driver.get("rules", [])
        if len(rules) > RULES_PER_RUN:
            problems.append(f"runs[{r}]: {len(rules)} rules")
        ids = [rule["id"] for rule in rules]
        for rule in rules:
            tags = rule.get("properties", {}).get("tags", [])
            if len(tags) > TAGS_PER_RULE:
                problems.append(f"rule {rule['id']}: {len(tags)} tags")
            sev = rule.get("properties", {}).get("security-severity")
            if sev is not None and not (isinstance(sev, str) and re.fullmatch(r"\d+(\.\d+)?", sev) and 0 <= float(sev) <= 10):
                problems.append(f"rule {rule['id']}: security-severity {sev!r} is not a number 0.0-10.0 as a string")
            for key in ("helpUri",):
                if key in rule and urlsplit(rule[key]).scheme not in ("http", "https"):
                    problems.append(f"rule {rule['id']}: {key} is not an http(s) URL")
        results = run.get("results", [])
        if len(results) > RESULTS_PER_RUN:
            problems.append(f"runs[{r}]: {len(results)} results")
        base_ids = set(run.get("originalUriBaseIds", {}))
        for i, res in enumerate(results):
            where = f"runs[{r}].results[{i}]"
            if res.get("ruleId") not in ids:
                problems.append(f"{where}: ruleId {res.get('ruleId')!r} is not a rule of the driver")
            if not res.get("message", {}).get("text"):
                problems.append(f"{where}: message.text is required")
            if not res.get("partialFingerprints"):
                problems.append(f"{where}: partialFingerprints missing (alerts would not be tracked across runs)")
            locs = res.get("locations", []) + res.get("relatedLocations", [])
            if len(locs) > LOCATIONS_PER_RESULT:
                problems.append(f"{where}: {len(locs)} locations")
            for loc in locs:
                phys = loc["physicalLocation"]
                art = phys["artifactLocation"]
                uri = art["uri"]
                parts = urlsplit(uri)
                if parts.scheme or uri.startswith(("/", "./", "../")) or "/../" in uri or "\\" in uri:
                    problems.append(f"{where}: uri {uri!r} is not relative to the repository root")
                if art.get("uriBaseId") and art["uriBaseId"] not in base_ids:
                    problems.append(f"{where}: uriBaseId {art['uriBaseId']!r} not declared in originalUriBaseIds")
                if phys.get("region", {}).get("startLine", 0) < 1:
                    problems.append(f"{where}: region.startLine must be >= 1")
    return problems
