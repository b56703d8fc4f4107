"""The ``reportlint`` command: a thin click layer that builds Settings and calls the runner."""
from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterable

import click

from reportlint import __version__
from reportlint._finding import Severity
from reportlint._gc import collector_paused

_LEVELS = click.Choice([s.value for s in Severity], case_sensitive=False)


def _codes(values: Iterable[str]) -> list[str]:
    """``--select RL2,RL401 --select name`` -> ["RL2", "RL401", "name"]."""
    return [part for value in values for part in value.replace(",", " ").split()]


def _byte_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from reportlint._source import parse_size

    try:
        return None if value is None else parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _color_wanted(output_file: str | None) -> bool:
    if os.environ.get("NO_COLOR") or output_file is not None:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="reportlint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint Markdown reports: required sections, N/A reasons, dates and unsupported claims."""
    if sys.stdout is None:  # started with standard output closed (>&-): writing the report is an error, not a traceback
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        from reportlint._atomic import null_stream

        sys.stderr = null_stream()
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets an escape, not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


class _ClosedStream(io.TextIOBase):
    """Standard output when the process was started without one."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _config_options(command):  # noqa: ANN001, ANN202 - a click decorator
    command = click.option("--isolated", is_flag=True, help="Ignore every configuration file.")(command)
    return click.option("--config", "config", multiple=True, metavar="FILE|KEY=VALUE", help="Use this config file instead of discovery, or override one key (TOML value); repeatable.")(command)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--profile", default="base", show_default=True, help="Report profile (a pack id such as incident, postmortem, threat-intel).")
@click.option("--pack", "packs", multiple=True, type=click.Path(), help="Extra pack file (TOML); repeatable.")
@click.option("--select", multiple=True, help="Rules to run: codes, prefixes (RL2) or names. Default: all.")
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--fail-on", type=_LEVELS, default="warning", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--output-format", default=lambda: os.environ.get("REPORTLINT_OUTPUT_FORMAT", "concise"), show_default="concise", help="concise, full, grouped, pylint, json, json-lines, github, gitlab, sarif, junit, rdjson, html (a dashboard) or markdown (a summary).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report to a file instead of standard output.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (errors still exit 2).")
@click.option("--statistics", is_flag=True, help="Print finding counts per rule and per file instead of the findings.")
@click.option("--preview", is_flag=True, help="Also run preview rules.")
@click.option("--stdin-filename", help="Path to show for input read from '-'.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
@click.option("--max-file-size", callback=_byte_size, metavar="SIZE", help="Skip (and report, exit 2) files larger than this, e.g. 10MB (the default).")
@click.option("--rule-timeout", type=click.FloatRange(min=0, max=86400), metavar="SECONDS", help="Time budget of one rule on one file, per MiB past the first (default 20; 0 = none; at most 86400); a rule past it is reported, exit 2.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors.")
@_config_options
@click.option("--force-exclude", is_flag=True, help="Apply the config's exclude to paths given on the command line too (pre-commit).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record every current finding in this baseline file and exit 0.")
@click.option("--source", "source_file", type=click.Path(dir_okay=False), help="The source material (text or Markdown file) the single report was written from.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for large batches. Default: one per core.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the findings cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="REPORTLINT_CACHE_DIR", default=".reportlint_cache", show_default=True, help="Where cached findings are kept.")
@collector_paused
def check(paths: tuple[str, ...], profile: str, packs: tuple[str, ...], select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str, output_format: str, output_file: str | None, exit_zero: bool, statistics: bool, preview: bool, stdin_filename: str | None, quiet: bool, max_file_size: int | None, rule_timeout: float | None, verbose: bool, config: tuple[str, ...], isolated: bool, force_exclude: bool, baseline: str | None, write_baseline: str | None, source_file: str | None, jobs: int | None, no_cache: bool, cache_dir: str) -> None:
    """Lint report files and directories (default: the current directory; '-' reads stdin)."""
    from reportlint._run import run
    from reportlint._settings import Settings

    settings = Settings(
        paths=paths or (".",),
        profile=profile,
        packs=packs,
        select=_codes(select) or None,
        extend_select=_codes(extend_select),
        ignore=_codes(ignore),
        fail_on=Severity(fail_on.lower()),
        output_format=output_format,
        output_file=output_file,
        exit_zero=exit_zero,
        statistics=statistics,
        quiet=quiet,
        preview=preview,
        stdin_filename=stdin_filename,
        verbose=verbose,
        color=_color_wanted(output_file),
        config=config,
        isolated=isolated,
        force_exclude=force_exclude,
        baseline=baseline,
        write_baseline=write_baseline,
        explicit=_explicit(click.get_current_context()),
        source_file=source_file,
        jobs=jobs,
        cache_dir=None if no_cache else cache_dir,
    )
    if max_file_size is not None:
        settings.max_file_size = max_file_size
    if rule_timeout is not None:
        settings.rule_timeout = rule_timeout
    try:
        code = run(settings)
    except KeyboardInterrupt:  # not click's "Aborted!" and exit 1, the findings code
        click.echo("reportlint: interrupted", err=True)
        code = 130
    sys.exit(code)


def _explicit(ctx: click.Context) -> frozenset[str]:
    """Settings fields given on the command line: they beat config files."""
    given = {name for name in ctx.params if ctx.get_parameter_source(name) in (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)}
    if os.environ.get("REPORTLINT_OUTPUT_FORMAT"):
        given.add("output_format")
    return frozenset(given)


@main.command("rules")
@click.option("--profile", help="Profile whose pack rules to include (default: the configured one).")
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
@_config_options
def list_rules(profile: str | None, as_json: bool, config: tuple[str, ...], isolated: bool) -> None:
    """List every rule the configuration knows: code, name, default severity, state, measured precision, summary.

    State is on, preview (runs with --preview or when selected by code or name), off-by-default
    (runs when selected by code or name), deprecated or removed. Precision is measured on
    hand-judged real reports: "0.95 (n=41)", "n=0" (no judged finding yet) or "-" (not measured)."""
    import json

    from reportlint._accuracy import rule_accuracy, short, state

    rules = _configured_rules(config, isolated, profile).sorted()
    measured = {r.code: dict(found) if r.origin == "reportlint" and (found := rule_accuracy(r.code)) is not None else None for r in rules}
    if as_json:
        click.echo(json.dumps([
            {"code": r.code, "name": r.name, "severity": r.severity.value, "status": r.status, "fix": r.fix,
             "tags": list(r.tags), "default_enabled": r.default_enabled, "state": state(r.status, r.default_enabled),
             "accuracy": measured[r.code],
             "summary": r.summary, "url": r.url}
            for r in rules
        ], indent=2))
        return
    width = max((len(r.name) for r in rules), default=0)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {state(r.status, r.default_enabled):<14}  {short(measured[r.code]):<12}  {r.summary}")


@main.command("rule")
@click.argument("code_or_name")
@click.option("--profile", help="Profile whose pack rules to include (default: the configured one).")
@_config_options
def show_rule(code_or_name: str, profile: str | None, config: tuple[str, ...], isolated: bool) -> None:
    """Print the documentation of one rule (built-in, plugin, local plugin or pack)."""
    from reportlint._docs import ENGINE_CODES, engine_page

    known = _configured_rules(config, isolated, profile)
    found = known.get(code_or_name)
    engine_code = next((code for code, (name, _, _) in ENGINE_CODES.items() if code_or_name in (code, code.lower(), name)), None)
    if found is None and engine_code is not None:
        click.echo(engine_page(engine_code), nl=False)
        return
    if found is None:
        from reportlint._schema import suggestion

        words = [*known.rules, *known.by_name, *ENGINE_CODES]
        click.echo(f"reportlint: error: unknown rule {code_or_name!r} (use a code such as RL201 or a rule name; `reportlint rules` lists them){suggestion(code_or_name, words)}", err=True)
        sys.exit(2)
    click.echo(f"# {found.code} — {found.name}\n\n{found.summary}\n\nDefault severity: {found.severity.value}\n\n{found.doc}")


@main.command("docs", hidden=True)
@click.option("--check", is_flag=True, help="Exit 1 when the pages are stale instead of writing them.")
@click.option("--output-dir", default="docs/rules", show_default=True, type=click.Path(file_okay=False), help="Where the pages go.")
@_config_options
def write_docs(check: bool, output_dir: str, config: tuple[str, ...], isolated: bool) -> None:
    """Generate rule pages (docs/rules/ in this repository) for every rule the configuration knows."""
    from pathlib import Path

    from reportlint._docs import generate, stale_files, write_pages

    rules = _configured_rules(config, isolated, None).sorted()
    pages, directory = generate(rules), Path(output_dir)
    changed = stale_files(directory, pages) if check else write_pages(directory, pages)
    for name in changed:
        click.echo(f"{'stale' if check else 'updated'}: {directory / name}")
    sys.exit(1 if check and changed else 0)


def _configured_rules(config: tuple[str, ...], isolated: bool, profile: str | None):  # noqa: ANN202 - a Registry, imported lazily
    """Every rule the configuration in force knows: built-in, plugins, local plugins and the profile's pack rules.

    A broken config, pack or plugin is one error line and exit 2, as in ``check``."""
    from reportlint._config import ConfigError
    from reportlint._engine import UsageError, build_engines
    from reportlint._packs import PackError
    from reportlint._registry import RuleError
    from reportlint._settings import Settings

    errors: list[str] = []
    try:
        engines = build_engines(Settings(config=(*config, *((f"profile={profile!r}",) if profile else ())), isolated=isolated), errors)
        if not errors:
            return engines.get(None).known
    except (ConfigError, PackError, RuleError, UsageError) as exc:
        errors.append(str(exc))
    for error in errors:
        _error(error)
    sys.exit(2)


@main.command("config")
@click.argument("path", required=False, type=click.Path())
@_config_options
def show_config(path: str | None, config: tuple[str, ...], isolated: bool) -> None:
    """Print the settings that apply to PATH (default: the current directory) and their source."""
    from reportlint._config import ConfigError, describe
    from reportlint._settings import Settings

    if path is not None and not os.path.lexists(path):
        from reportlint.formats.text import safe

        click.echo(safe(f"reportlint: error: {path}: no such file or directory"), err=True)
        sys.exit(2)
    try:
        click.echo(describe(Settings(config=config, isolated=isolated), path), nl=False)
    except ConfigError as exc:
        _error(str(exc))
        sys.exit(2)


@main.command("server")
def server() -> None:
    """Run the language server (LSP over stdio) for editors: findings as you type."""
    try:
        from reportlint._server import serve
    except ImportError as exc:  # installed without its dependencies (pip install --no-deps)
        click.echo(f"reportlint: error: the language server needs pygls and lsprotocol ({exc}); install them with: pip install 'pygls>=2.1,<3' lsprotocol", err=True)
        sys.exit(2)
    serve()


_MIN_SHARE = click.option("--min-share", type=click.FloatRange(0.5, 1.0, min_open=True), default=0.8, show_default=True, help="Share of the reports a section or field must be in to become required.")
_MIN_OVERLAP = click.option("--min-overlap", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True, help="Below this heading overlap (median Jaccard over pairs of reports) the reports are mixed: no profile is learned.")


@main.group("profile")
def profile_group() -> None:
    """Report profiles: learn one from your own reports."""


@profile_group.command("learn")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the pack here (default: standard output; the summary then goes to standard error).")
@_MIN_SHARE
@_MIN_OVERLAP
@click.option("--dry-run", is_flag=True, help="Write nothing: print what the learned profile would report for each file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def profile_learn(paths: tuple[str, ...], output: str | None, min_share: float, min_overlap: float, dry_run: bool, force: bool) -> None:
    """Learn a profile (a pack) from a folder of reports written to one template.

    Sections and field labels in at least --min-share of the reports become required, in the
    order the reports agree on. Too few reports (< 5) or a mix of templates: exit 2, no pack."""
    from reportlint._learn import learn_command

    sys.exit(learn_command(paths, output, min_share, min_overlap, dry_run, force, sys.stdout, sys.stderr))


@main.command("init")
@click.option("--profile", default="base", show_default=True, help="Profile the starter config selects.")
@click.option("--learn", "learn_paths", multiple=True, type=click.Path(), metavar="PATH", help="Learn the profile from these reports: writes .reportlint/learned.toml and a config selecting it.")
@_MIN_SHARE
@_MIN_OVERLAP
def init(profile: str, learn_paths: tuple[str, ...], min_share: float, min_overlap: float) -> None:
    """Write a commented starter .reportlint.toml here (never overwrites an existing config)."""
    from reportlint._config import ConfigError, write_starter

    if learn_paths:
        from reportlint._learn import init_learn

        if click.get_current_context().get_parameter_source("profile") == click.core.ParameterSource.COMMANDLINE:
            click.echo("reportlint: error: --learn writes its own profile; leave out --profile", err=True)
            sys.exit(2)
        sys.exit(init_learn(learn_paths, min_share, min_overlap, sys.stdout, sys.stderr))
    try:
        written = write_starter(profile)
    except ConfigError as exc:
        _error(str(exc))
        sys.exit(2)
    click.echo(f"reportlint: wrote {written}")


def _error(problem: str) -> None:
    """An error line on standard error, its control characters escaped (they come from config keys and file names)."""
    from reportlint.formats.text import safe_lines

    click.echo(safe_lines(f"reportlint: error: {problem}"), err=True)
