"""Command-line interface: options -> ScanConfig -> run_scan -> reporters -> exit code. Thin by design."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .errors import AiscanError

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
SEVERITIES = ("info", "low", "medium", "high", "critical")
# Parameter types shared by every option that takes one: each click.Path asks gettext for its name when it is made
# (a locale catalogue search on disk each time), and types hold no per-option state.
_ANY_PATH = click.Path(path_type=Path)
_FILE_PATH = click.Path(dir_okay=False, path_type=Path)
_EXISTING_FILE = click.Path(dir_okay=False, exists=True, path_type=Path)
_DIR_PATH = click.Path(file_okay=False, path_type=Path)
_FILE_TEXT = click.Path(dir_okay=False)
OUTPUT_FORMATS = ("text", "json", "html", "sarif", "cyclonedx", "markdown")  # = scanner.report.REPORTERS (tested)


class DefaultScanGroup(click.Group):
    """``aiscan PATH`` means ``aiscan scan PATH``: unknown first words are handed to the scan command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["scan", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[PATH] [SCAN OPTIONS]")
        formatter.write_usage(ctx.command_path, "COMMAND [ARGS]...", prefix="   or: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The group's own options, the scan options (``aiscan PATH`` takes them), then the commands."""
        click.Command.format_options(self, ctx, formatter)
        scan_cmd = self.commands.get("scan")
        if scan_cmd is not None:
            with click.Context(scan_cmd, info_name="scan", parent=ctx) as sub:
                rows = [rec for p in scan_cmd.get_params(sub) if isinstance(p, click.Option) and p.name != "help" and (rec := p.get_help_record(sub))]
            with formatter.section("Scan options (aiscan [PATH] ... or aiscan scan [PATH] ...)"):
                formatter.write_dl(rows)
        self.format_commands(ctx, formatter)

    def invoke(self, ctx: click.Context) -> Any:
        """Every command's expected failures (AiscanError) end as one line on stderr and exit code 2."""
        try:
            return super().invoke(ctx)
        except AiscanError as exc:
            fail(str(exc))


def fail(message: str) -> NoReturn:
    from .textsafe import reveal  # paths and values from the scanned tree: no bidi/tag tricks on the terminal

    click.echo(f"aiscan: error: {reveal(message)}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(cls=DefaultScanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="aiscan", message="%(prog)s %(version)s")
def main() -> None:
    """Find the AI models and SDKs a project depends on, where they come from, and enforce a policy on them.

    `aiscan PATH` scans PATH (default: the current directory); it is short for `aiscan scan PATH` and takes the
    scan options below. Exit codes: 0 pass, 1 policy violations, 2 usage or configuration error.
    """


def scan_options(func: Any) -> Any:
    options = [
        click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None, help="Report format for stdout (default text) or for -o files without a known extension (.html, .sarif, .cdx.json, .md, .json, .txt)."),
        click.option("-o", "--output", "outputs", multiple=True, type=_FILE_TEXT, help="Write the report here (repeatable; format from the extension)."),
        click.option("--offline", is_flag=True, help="Never touch the network (also HF_HUB_OFFLINE=1)."),
        click.option("--refresh", is_flag=True, help="Ignore cached Hub answers."),
        click.option("--hf-cache", is_flag=True, help="Also list the models downloaded in the local Hugging Face cache."),
        click.option("--require-online", is_flag=True, help="Exit 2 if Hub references could not be checked online."),
        click.option("--policy", "policies", multiple=True, help="Policy file or built-in pack name (repeatable; replaces the default pack)."),
        click.option("--config", "config_path", type=_EXISTING_FILE, help="Config file (default: PATH/.aiscan.yaml or [tool.aiscan] in PATH/pyproject.toml)."),
        click.option("--trusted-config", "trusted_config", type=_EXISTING_FILE, default=None, help="Trusted config (e.g. from the base branch or CI): settings of the tree's own config that weaken the gate relative to it become blocking AIS-GATE-001 findings."),
        click.option("--home", default=None, help="Your jurisdiction, ISO country code or region (default US)."),
        click.option("--registry", "registry_files", multiple=True, type=_EXISTING_FILE,
                     help="Registry overlay file (same schema as rules/registry/*.yaml; repeatable; its entries win)."),
        click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Lowest severity that fails the run (default high)."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even with violations (errors still exit 2)."),
        click.option("--no-inline-ignores", "inline_ignores", flag_value=False, default=None,
                     help="'aiscan: ignore[...]' comments in the scanned files suppress nothing (CI on untrusted changes)."),
        click.option("--include-docs", is_flag=True, help="Also read fenced code blocks in Markdown (context docs; rules skip it unless they ask)."),
        click.option("--baseline", type=_FILE_PATH, default=None, help="Baseline file (aiscan baseline): gate only on findings not in it."),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@click.argument("path", default=".", type=_ANY_PATH)
@scan_options
def scan(path: Path, fmt: str | None, outputs: tuple[str, ...], quiet: bool, config_path: Path | None, **flags: Any) -> None:
    """Scan PATH (default: the current directory)."""
    from .runner import execute_scan

    code = execute_scan(path, fmt=fmt, outputs=outputs, quiet=quiet, config_path=config_path, flags=flags)
    sys.exit(code)


@main.command()
@click.argument("refs", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(["hf", "ollama", "api", "file"]), default=None, help="Kind of every REF (default: guessed from its shape).")
@click.option("--offline", is_flag=True, help="Answer from the bundled registry and cache only.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--explain", is_flag=True, help="Show how each answer was reached.")
@click.option("--config", "config_path", type=_EXISTING_FILE, default=None)
def resolve(refs: tuple[str, ...], kind: str | None, offline: bool, fmt: str, explain: bool, config_path: Path | None) -> None:
    """Resolve model references (Hub ids, Ollama tags, API model names, files) without a project."""
    from .runner import execute_resolve

    text = execute_resolve(refs, kind=kind, offline=offline, fmt=fmt, explain=explain, config_path=config_path)
    click.echo(text, nl=False)


@main.command()
@click.argument("path", default=".", type=_ANY_PATH)
@click.option("-o", "--output", required=True, type=_FILE_PATH, help="Baseline file to write, e.g. .aiscan-baseline.json.")
@click.option("--offline", is_flag=True, help="Never touch the network (also HF_HUB_OFFLINE=1).")
@click.option("--policy", "policies", multiple=True, help="Policy file or built-in pack name (repeatable).")
@click.option("--config", "config_path", type=_EXISTING_FILE, default=None)
@click.option("--home", default=None, help="Your jurisdiction, ISO country code or region (default US).")
def baseline(path: Path, output: Path, config_path: Path | None, **flags: Any) -> None:
    """Record the current findings of PATH as accepted; later scans with --baseline FILE gate only on new ones."""
    from .runner import execute_baseline

    count = execute_baseline(path, output=output, config_path=config_path, flags=flags)
    click.echo(f"Baseline of {count} finding(s) written to {output}")


@main.command()
@click.option("--policy", "policies", multiple=True, help="Policy file or built-in pack name (repeatable).")
@click.option("--check", "check", multiple=True, type=_FILE_TEXT, help="Validate these policy files and exit (0 valid, 2 invalid).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules(policies: tuple[str, ...], check: tuple[str, ...], fmt: str) -> None:
    """List the active rules (id, severity, title), or validate policy files with --check."""
    from .runner import load_rules_for_listing

    try:
        policy = load_rules_for_listing(check or policies)
    except AiscanError as exc:
        problems = getattr(exc, "problems", ())
        if check and problems:  # one problem per line, as file:line: rule: message
            click.echo("\n".join(str(p) for p in problems), err=True)
            fail(f"{len(problems)} problem(s) in {', '.join(check)}")
        raise
    if check:
        click.echo(f"{', '.join(check)}: valid ({sum(1 for r in policy.rules if r.subject != 'policy')} rule(s))")
        return
    if fmt == "json":
        rows = [{"id": r.id, "severity": r.severity.label, "subject": r.subject, "title": r.title, "enabled": r.enabled} for r in policy.rules]
        click.echo(json.dumps({"rules": rows}, indent=2))
        return
    for r in policy.rules:
        state = "" if r.enabled else "  (disabled)"
        click.echo(f"{r.id:18} {r.severity.label:9} {r.subject:9} {r.title}{state}")



@main.group("registry")
def registry_group() -> None:
    """The knowledge base: validate registry overlay files."""


@registry_group.command("check")
@click.argument("files", nargs=-1, required=True, type=_FILE_PATH)
def registry_check(files: tuple[Path, ...]) -> None:
    """Validate registry overlay FILES against the registry schema (exit 2 with file and line on errors)."""
    from .errors import RegistryError
    from .resolve.registry import load_registry, read_overlay

    failed = False
    for path in files:
        try:
            _, data = read_overlay(path)
            load_registry(overlays=[path])
        except RegistryError as exc:
            failed = True
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            continue
        count = sum(len(v) for v in data.values() if isinstance(v, list)) if isinstance(data, dict) else 0
        click.echo(f"{path}: valid ({count} entries)")
    sys.exit(EXIT_ERROR if failed else 0)


@main.command("scan-files")
@click.argument("files", nargs=-1, type=_ANY_PATH)
@click.option(
    "--root", type=_DIR_PATH, default=".", show_default=True,
    help="Project root: its config, policy and registry apply (pre-commit runs hooks there).",
)
@scan_options
def scan_files(files: tuple[Path, ...], root: Path, fmt: str | None, outputs: tuple[str, ...], quiet: bool, config_path: Path | None, **flags: Any) -> None:
    """Scan only FILES (e.g. pre-commit's staged files) with the project context of --root."""
    from .runner import execute_scan

    if not files:
        sys.exit(EXIT_OK)
    flags["files"] = tuple(os.path.abspath(f) for f in files)
    code = execute_scan(root, fmt=fmt, outputs=outputs, quiet=quiet, config_path=config_path, flags=flags)
    sys.exit(code)


@main.command()
@click.argument("base", type=_ANY_PATH)
@click.argument("head", type=_ANY_PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option(
    "--fail-on-new", type=click.Choice(SEVERITIES), default=None,
    help="Exit 1 when HEAD has findings at or above this severity that BASE did not (default: HEAD's fail_on).",
)
@click.option("-o", "--output", type=_FILE_PATH, default=None, help="Also write the diff here.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def diff(base: Path, head: Path, fmt: str, fail_on_new: str | None, output: Path | None, quiet: bool) -> None:
    """Compare two JSON reports: new, removed and changed models, packages, files and findings."""
    from .compare.command import execute_diff

    text, code = execute_diff(base, head, fmt=fmt, fail_on_new=fail_on_new, output=output)
    if not quiet:
        click.echo(text, nl=False)
    sys.exit(code)


@main.command()
@click.argument("reports", nargs=-1, required=True, type=_ANY_PATH)
@click.option(
    "-o", "--output", "outputs", multiple=True, required=True, type=_FILE_PATH,
    help="org.html or org.json (repeatable).",
)
def merge(reports: tuple[Path, ...], outputs: tuple[Path, ...]) -> None:
    """Merge the JSON reports of many repositories into one dependence dashboard."""
    from .merge.command import execute_merge

    written = execute_merge(reports, outputs=outputs)
    click.echo(f"Merged {len(reports)} report(s) into {', '.join(written)}")


GC_YOUNG = 10_000  # allocations between collections of the youngest generation in the CLI's process (see run)


def run() -> None:
    """The ``aiscan`` command (console script, ``python -m scanner.cli``): :func:`main` as a process of its own.

    Two settings of the cycle collector, for this process only (never when ``main`` is called in-process: tests,
    ``CliRunner``), both measured on an empty scan (issue 19):

    - the interpreter's exit does not walk the objects for reference cycles (``gc.freeze`` when the exit handlers
      run): the collections of its finalisation went over every object start-up made (modules, the built registry,
      record code), ~18 ms of ~0.18 s. Nothing is left unflushed: reports are written and closed, stdout and stderr
      are flushed after the exit handlers, and objects outside cycles are still freed by their reference counts;
    - the youngest generation is collected every GC_YOUNG allocations instead of 700: start-up allocates ~35,000
      long-lived objects (imports, registry, policy) and made ~45 collections of them, ~8 ms. At most GC_YOUNG
      objects of cyclic garbage wait for a collection: peak RSS of a cold FastChat scan 36 -> 39 MB (50,000: 41 MB,
      no faster).
    """
    import atexit
    import gc

    atexit.register(gc.freeze)
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    main()


if __name__ == "__main__":  # pragma: no cover
    run()
