"""Glue between the CLI and the pipeline: build the config, run, write outputs, compute the exit code."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from .config import ScanConfig, build_config
from .errors import UsageError
from .models import Report, Severity

EXIT_OK, EXIT_VIOLATIONS = 0, 1


def exit_code(report: Report, *, exit_zero: bool) -> int:
    """0 when nothing unsuppressed is at or above the threshold (or --exit-zero), else 1."""
    return EXIT_VIOLATIONS if report.blocking and not exit_zero else EXIT_OK


def make_hub(config: ScanConfig) -> Any:
    """The Hub client for online scans (imported lazily: huggingface_hub is heavy)."""
    if config.offline:
        return None
    try:
        from .resolve.hub import create_client  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return create_client(config)


def execute_scan(path: Path, *, fmt: str | None, outputs: tuple[str, ...], quiet: bool, config_path: Path | None, flags: dict[str, Any]) -> int:
    from .pipeline import run_scan
    from .report import REPORTERS, format_for_path

    if not path.exists():
        raise UsageError(f"path does not exist: {path}")
    cli: dict[str, Any] = dict(flags)
    trusted_config = cli.pop("trusted_config", None)
    if cli.get("fail_on"):
        cli["fail_on"] = Severity.parse(cli["fail_on"])
    config = build_config(path.resolve(), config_path=config_path, cli=cli, trusted_config=trusted_config)
    from .report.progress import make_progress

    progress = make_progress(sys.stderr, quiet=quiet)
    try:
        report = run_scan(config, hub=make_hub(config), progress=progress)
    finally:
        if progress is not None:
            progress.close()
    written: list[str] = []
    for out in outputs:
        name = format_for_path(out, fmt or "json")
        try:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(REPORTERS[name].render(report), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write report {out}: {exc.strerror or exc}") from None
        written.append(out)
    if not quiet:
        from .report.ansi import use_color
        from .report.progress import terminal_width

        color = use_color(sys.stdout)
        width = terminal_width() if _isatty(sys.stdout) else None  # piped: whole lines, never cut
        if outputs:
            text = _text(report, color, width)
            click.echo(text + f"Report written to {', '.join(written)}", nl=True, color=color)
        elif (fmt or "text") == "text":
            click.echo(_text(report, color, width), nl=False, color=color)
        else:
            click.echo(REPORTERS[fmt or "text"].render(report), nl=False)
    return exit_code(report, exit_zero=config.exit_zero)


def _text(report: Report, color: bool, width: int | None) -> str:
    """The text report (its module imported only when text is printed)."""
    from .report.text import TextReporter

    return TextReporter().render(report, color=color, width=width)


def execute_baseline(path: Path, *, output: Path, config_path: Path | None, flags: dict[str, Any]) -> int:
    """Scan PATH (ignoring any configured baseline) and write the fingerprints of its unsuppressed findings."""
    from .pipeline import run_scan
    from .policy import write_baseline

    if not path.exists():
        raise UsageError(f"path does not exist: {path}")
    config = build_config(path.resolve(), config_path=config_path, cli=dict(flags)).with_changes(baseline=None)
    report = run_scan(config, hub=make_hub(config))
    return write_baseline(output, report.findings, tool_version=report.tool_version)


def execute_resolve(refs: tuple[str, ...], *, kind: str | None, offline: bool, fmt: str, explain: bool, config_path: Path | None) -> str:
    from .resolve import Resolver, load_registry
    from .resolve.query import parse_query
    from .serialize import model_dict

    config = build_config(Path.cwd(), config_path=config_path, cli={"offline": offline})
    registry = load_registry(extra=config.registry, overlays=config.registry_files)
    hub = make_hub(config)
    from .pipeline import policy_variables

    variables = policy_variables(config, registry)
    resolver = Resolver(registry, hub=hub, trusted_countries=variables["trusted_countries"],
                        countries_of_concern=variables["countries_of_concern"], root=Path.cwd())  # local folders/files: fingerprinted
    resolved = []
    for ref in refs:
        ref_kind, identifier, provider = parse_query(ref, kind, registry)
        resolved.append(resolver.resolve_one(ref_kind, identifier, (), provider=provider))
    from .resolve.hub_stage import apply_hub

    enriched, _ = apply_hub(resolved, hub, resolver, config)  # Hub lineage, card license, files (cache when offline)
    models = [{"query": ref} | model_dict(model) for ref, model in zip(refs, enriched, strict=True)]
    if fmt == "json":
        return json.dumps({"models": models}, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for m in models:
        base = m["base"]
        origin = m["origin"]
        lines.append(f"{m['query']}: {m['kind']} {m['id']}")
        lines.append(f"  developer: {origin['developer'] or 'unknown'} ({origin['country'] or '??'}) [{origin['source']}, {origin['confidence']}]")
        lines.append(f"  base:      {base['developer'] or 'unknown'} ({base['country'] or '??'})" + (f" via {m['family']}" if m["family"] else ""))
        lic = m["license"]
        lines.append(f"  license:   {lic['spdx'] or lic['name'] or lic['raw'] or 'unknown'} ({lic['category']})")
        if explain:
            from .resolve.explain import explain_lines

            lines.extend(explain_lines(m, registry.knowledge_date))
    return "\n".join(lines) + "\n"


def load_rules_for_listing(refs: tuple[str, ...]) -> Any:
    from .pipeline import policy_variables
    from .policy import load_policy
    from .resolve import load_registry

    config = build_config(Path.cwd(), config_path=None, cli={})
    registry = load_registry(extra=config.registry, overlays=config.registry_files)
    return load_policy(tuple(refs), policy_variables(config, registry))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def stderr_isatty() -> bool:
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")
