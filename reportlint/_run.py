"""One run: settings -> batch of outcomes -> baseline -> format -> exit code."""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from reportlint import __version__
from reportlint._baseline import BaselineError, apply_baseline, describe_stale, read_baseline, write_baseline
from reportlint._batch import lint_sources
from reportlint._config import ConfigError, ConfigResolver
from reportlint._engine import Outcome, UsageError, build_engines
from reportlint._finding import Finding
from reportlint._gc import no_collection_at_exit
from reportlint._packs import PackError
from reportlint._progress import Progress, is_terminal
from reportlint._registry import Rule, RuleError
from reportlint._settings import Settings
from reportlint._text import plural
from reportlint._source import SourceFile, discover, display_path, empty_folders, is_one_of
from reportlint._validate import validate_configs
from reportlint.formats import TEXT_FORMATS, FileProfile, RunResult, format_names, get_format, shows_profiles
from reportlint.formats.text import safe, safe_lines, statistics

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def run(settings: Settings, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Lint every path in ``settings`` and write the report; returns the exit code."""
    no_collection_at_exit()
    out = out or sys.stdout
    err = err or sys.stderr
    saved, sys.stdout = sys.stdout, err  # what a plugin prints goes to standard error, never into the report
    try:
        return _run(settings, out, err)
    finally:
        sys.stdout = saved


def _run(settings: Settings, out: TextIO, err: TextIO) -> int:
    errors: list[tuple[str, str]] = []
    plugin_errors: list[str] = []
    requested = settings  # what worker processes resolve again
    try:
        engines = build_engines(settings, plugin_errors)
        resolver, settings = engines.resolver, engines.settings
        sources: list[SourceFile] = discover(settings.paths, errors)
        if settings.explicit is None or "paths" in settings.explicit:  # a folder named on the command line must hold reports
            errors.extend((display_path(raw), "no Markdown files (*.md, *.markdown) in this folder") for raw in empty_folders(settings.paths, sources))
        if "-" in settings.paths:
            name = display_path(settings.stdin_filename) if settings.stdin_filename else "-"
            sources.append(SourceFile(name, None))
        sources = [s for s in sources if not resolver.excluded(s.filesystem_path or settings.stdin_filename, s.filesystem_path in settings.paths or s.filesystem_path is None, settings.force_exclude)]
        engines.load_plugins(plugin_errors)  # every file's config is read now: one in a subfolder may name local plugins
        validate_configs(resolver.configs(), engines.registry, format_names(), engines.memo)
        formatter = get_format(settings.output_format)
        if settings.statistics and settings.output_format not in TEXT_FORMATS:
            raise UsageError(f"--statistics prints a text table and cannot be combined with --output-format {settings.output_format} (use it with {', '.join(TEXT_FORMATS)})")
        engines.get(None)  # a bad --select or profile is one error, not one per file
        baseline = read_baseline(settings.baseline) if settings.baseline else None
    except (RuleError, PackError, UsageError, ConfigError, BaselineError) as exc:
        err.write(safe_lines(f"reportlint: error: {exc}") + "\n")  # config keys, file names: escaped
        return EXIT_ERROR
    except KeyError:
        from reportlint._schema import suggestion

        err.write(f"reportlint: error: unknown output format {settings.output_format!r} (allowed: {', '.join(format_names())}){suggestion(settings.output_format, format_names())}\n")
        return EXIT_ERROR
    errors.extend(("", problem) for problem in plugin_errors)
    rules_seen: dict[str, Rule] = {}
    if settings.source_file is not None and len(sources) > 1:
        err.write(f"reportlint: error: --source names the source of one report, but {len(sources)} reports were given\n")
        return EXIT_ERROR
    for option, target in (("-o", settings.output_file), ("--write-baseline", settings.write_baseline)):
        what = _input_at(target, sources, settings, resolver) if target is not None else None
        if target is not None and what is not None:
            err.write(safe(f"reportlint: error: {display_path(target)}: is {what}; {option} will not overwrite it") + "\n")
            return EXIT_ERROR

    cache = None
    if settings.cache_dir:
        from reportlint._cache import Cache

        cache = Cache(settings.cache_dir)
    findings: list[Finding] = []
    lines: dict[str, Sequence[str]] = {}
    linted: list[str] = []
    profiles: dict[str, FileProfile] = {}
    show_profiles = shows_profiles(settings.output_format) and not settings.statistics
    progress = Progress(len(sources), err) if not settings.quiet and len(sources) > 1 and is_terminal(err) else None
    outcomes = lint_sources(engines, sources, requested, cache, None if progress is None else progress.advance)
    if progress is not None:
        progress.close()
    for source, outcome in zip(sources, outcomes):
        if outcome.front_profile is not None:  # linted in a worker or cached: list its engine's rules too
            try:
                engines.get(source.filesystem_path or settings.stdin_filename, outcome.front_profile)
            except (PackError, UsageError) as exc:  # a pack the front matter names went away since it was cached
                outcome = Outcome(outcome.path, error=(outcome.path, str(exc)))
        if outcome.trace:
            err.write(outcome.trace)
        if outcome.error is not None:
            errors.append(outcome.error)
            continue
        errors.extend(outcome.faults)
        linted.append(outcome.path)
        if show_profiles:
            engine = engines.get(source.filesystem_path or settings.stdin_filename, outcome.front_profile)
            profiles[outcome.path] = FileProfile(engine.profile.id, len(engine.rules))
        findings.extend(outcome.findings)
        if outcome.findings:
            lines[outcome.path] = outcome.lines
    if cache is not None:
        cache.save()

    findings.sort(key=lambda f: f.sort_key)
    if settings.write_baseline:
        return _write_baseline(settings.write_baseline, findings, errors, err)
    if baseline is not None:
        compared = apply_baseline(findings, baseline, linted)
        findings = compared.findings
        if compared.stale:
            err.write("".join(safe(line) + "\n" for line in describe_stale(compared.stale)))
    for engine in engines.cache.values():
        rules_seen.update((r.code, r) for r in engine.rules)
    rules = [rules_seen[code] for code in sorted(rules_seen)]
    quiet = settings.quiet or bool(os.environ.get("PRE_COMMIT"))  # pre-commit runs batches: a summary each would mislead
    result = RunResult(findings, linted, lines, rules, __version__, settings.color, quiet, len(errors), profiles, _width(settings, out))
    rendered = statistics(result) if settings.statistics else formatter(result)
    _report_errors(errors, err)  # before the output, so that the summary line comes after what explains it
    if not linted and not errors:
        err.write("reportlint: warning: no Markdown files were checked (none found, or all excluded)\n")
    err.flush()
    reported = len(errors)
    _write(rendered, settings, out, errors)
    _report_errors(errors[reported:], err)
    return exit_code(findings, errors, settings)


def _input_at(target: str, sources: Sequence[SourceFile], settings: Settings, resolver: ConfigResolver) -> str | None:
    """What the run reads at ``target`` (a report, the baseline, ...), which an output must not replace; None: nothing."""
    if is_one_of(target, sources):
        return "a report being linted"
    named = [
        ("the file named by --stdin-filename", settings.stdin_filename),
        ("the --source file", settings.source_file),
        ("the --baseline file", settings.baseline),
        *(("a pack file", pack) for pack in settings.packs),
    ]
    for config in resolver.configs():
        if config.path is not None:
            named.append(("a config file", str(config.path)))
            named.extend(("a pack file", str(config.root / pack)) for pack in config.data.get("packs", ()))
    for what, path in named:
        if path is not None and is_one_of(target, [SourceFile(path, path)]):
            return what
    return None


def _width(settings: Settings, out: TextIO) -> int:
    """Columns the source excerpts of ``full`` fit: $COLUMNS, else the terminal's, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if settings.output_file is None and out.isatty():
        try:
            return os.get_terminal_size(out.fileno()).columns
        except (OSError, ValueError, AttributeError):
            pass
    return 80


def _report_errors(errors: Sequence[tuple[str, str]], err: TextIO) -> None:
    for path, problem in errors:
        err.write(safe(f"reportlint: error: {path}: {problem}" if path else f"reportlint: error: {problem}") + "\n")


def _write_baseline(path: str, findings: Sequence[Finding], errors: list[tuple[str, str]], err: TextIO) -> int:
    try:
        write_baseline(path, findings)
    except OSError as exc:
        errors.append((display_path(path), f"cannot write baseline: {exc.strerror or exc}"))
    else:
        err.write(f"reportlint: wrote {plural(len(findings), 'finding')} to baseline {display_path(path)}\n")
    _report_errors(errors, err)
    return EXIT_ERROR if errors else EXIT_OK


def exit_code(findings: Sequence[Finding], errors: Sequence[object], settings: Settings) -> int:
    if errors:
        return EXIT_ERROR
    if settings.exit_zero:
        return EXIT_OK
    threshold = settings.fail_on.rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in findings) else EXIT_OK


def _write(rendered: str, settings: Settings, out: TextIO, errors: list[tuple[str, str]]) -> None:
    if settings.output_file is None:
        try:
            out.write(rendered)
            out.flush()
        except (OSError, ValueError) as exc:  # a full disk, a closed or broken pipe: one error line, no traceback
            errors.append(("", f"cannot write output: {getattr(exc, 'strerror', None) or exc}"))
            from reportlint._atomic import discard

            discard(out)  # so that the flush at exit does not fail again
        return
    from reportlint._atomic import write_output

    try:
        write_output(settings.output_file, rendered)
    except OSError as exc:
        errors.append((display_path(settings.output_file), f"cannot write output: {exc.strerror or exc}"))
