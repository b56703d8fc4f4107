"""One run: files -> Document -> rules -> findings -> format -> exit code."""
from __future__ import annotations

import sys
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from reportlint import __version__
from reportlint._document import Document, parse_document
from reportlint._finding import Finding, Severity
from reportlint._fingerprint import with_fingerprints
from reportlint._packs import PackError, load_profile
from reportlint._profile import Profile
from reportlint._registry import DEFAULT_RULE_TIMEOUT, Registry, Rule, RuleContext, RuleError, RuleFault, load_registry, run_rule, select_rules, severity_for, unknown_selectors
from reportlint._source import DEFAULT_MAX_BYTES, InputError, SourceFile, discover, display_path, is_one_of, read_file, read_stdin
from reportlint.formats import RunResult, get_format
from reportlint.formats.text import safe

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class Settings:
    """Resolved options for one run (command line over configuration)."""

    paths: Sequence[str] = (".",)
    profile: str = "base"
    packs: Sequence[str] = ()
    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: dict[str, str] = field(default_factory=dict)
    rule_options: dict[str, dict[str, object]] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    output_format: str = "concise"
    output_file: str | None = None
    exit_zero: bool = False
    statistics: bool = False
    quiet: bool = False
    preview: bool = False
    stdin_filename: str | None = None
    max_file_size: int = DEFAULT_MAX_BYTES  # bytes; a larger file is reported and skipped, never parsed
    rule_timeout: float = DEFAULT_RULE_TIMEOUT  # seconds per rule per file; 0 = no limit
    verbose: bool = False
    color: bool = False


class UsageError(Exception):
    """Bad settings (unknown selector, profile or format); exit code 2."""


@dataclass
class _Engine:
    """Rules resolved once per run and applied to each document."""

    rules: list[Rule]
    profile: Profile
    settings: Settings

    def check(self, doc: Document, faults: list[RuleFault]) -> list[Finding]:
        """Every rule's findings; a faulty rule is added to ``faults`` and the others still run."""
        findings: list[Finding] = []
        for rule_ in self.rules:
            options = {**rule_.options, **self.profile.options.get(rule_.code, {}), **self.settings.rule_options.get(rule_.code, {})}
            severity = severity_for(rule_.code, rule_.severity, {**self.profile.severity, **self.settings.severity})
            ctx = RuleContext(rule_, doc.path, options, self.profile, severity)
            found, fault = run_rule(rule_, doc, ctx, self.settings.rule_timeout)
            findings.extend(found)
            if fault is not None:
                faults.append(fault)
        findings.sort(key=lambda f: f.sort_key)
        return with_fingerprints(findings, doc.index)


def build_engine(settings: Settings, registry: Registry | None = None) -> _Engine:
    registry = registry or load_registry()
    profile = load_profile(settings.profile, settings.packs)
    bad = unknown_selectors(registry, [*(settings.select or ()), *settings.extend_select, *settings.ignore])
    if bad:
        raise UsageError(f"unknown rule selector {bad[0]!r} (use a code such as RL201, a prefix such as RL2, or a rule name)")
    rules = select_rules(
        registry,
        select=settings.select,
        extend_select=settings.extend_select,
        ignore=settings.ignore,
        preview=settings.preview,
        profile=profile,
    )
    return _Engine(rules, profile, settings)


def lint_text(engine: _Engine, path: str, text: str, faults: list[RuleFault]) -> tuple[Document, list[Finding]]:
    doc = parse_document(path, text)
    return doc, engine.check(doc, faults)


def run(settings: Settings, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Lint every path in ``settings`` and write the report; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    errors: list[tuple[str, str]] = []
    try:
        engine = build_engine(settings)
        formatter = get_format(settings.output_format)
    except (RuleError, PackError, UsageError) as exc:
        err.write(f"reportlint: error: {exc}\n")
        return EXIT_ERROR
    except KeyError:
        err.write(f"reportlint: error: unknown output format {settings.output_format!r}\n")
        return EXIT_ERROR

    sources: list[SourceFile] = discover(settings.paths, errors)
    if "-" in settings.paths:
        name = display_path(settings.stdin_filename) if settings.stdin_filename else "-"
        sources.append(SourceFile(name, None))

    if settings.output_file is not None and is_one_of(settings.output_file, sources):
        err.write(safe(f"reportlint: error: {display_path(settings.output_file)}: is a report being linted; -o will not overwrite it") + "\n")
        return EXIT_ERROR

    findings: list[Finding] = []
    lines: dict[str, Sequence[str]] = {}
    linted: list[str] = []
    for source in sources:
        faults: list[RuleFault] = []
        try:
            text = read_file(source.filesystem_path, settings.max_file_size) if source.filesystem_path is not None else read_stdin(settings.max_file_size)
            doc, found = lint_text(engine, source.path, text, faults)
        except InputError as exc:
            errors.append((source.path, str(exc)))
            continue
        except RecursionError:
            errors.append((source.path, "Markdown nested too deeply to parse; skipped"))
            continue
        except Exception as exc:  # noqa: BLE001 - an internal error must not hide the other files
            errors.append((source.path, f"internal error: {type(exc).__name__}: {exc} (please report it; --verbose shows the traceback)"))
            if settings.verbose:
                traceback.print_exc(file=err)
            continue
        for fault in faults:
            errors.append((source.path, str(fault)))
            if settings.verbose and fault.error is not None:
                traceback.print_exception(fault.error, file=err)
        linted.append(source.path)
        findings.extend(found)
        if found:
            lines[source.path] = doc.lines

    findings.sort(key=lambda f: f.sort_key)
    result = RunResult(findings, linted, lines, engine.rules, __version__, settings.color, settings.quiet, len(errors))
    rendered = _statistics(findings) if settings.statistics else formatter(result)
    _write(rendered, settings, out, errors)
    for path, problem in errors:
        err.write(safe(f"reportlint: error: {path}: {problem}" if path else f"reportlint: error: {problem}") + "\n")
    return exit_code(findings, errors, settings)


def exit_code(findings: Sequence[Finding], errors: Sequence[object], settings: Settings) -> int:
    if errors:
        return EXIT_ERROR
    if settings.exit_zero:
        return EXIT_OK
    threshold = settings.fail_on.rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in findings) else EXIT_OK


def _statistics(findings: Sequence[Finding]) -> str:
    """``count code name`` lines, highest count first."""
    counts = Counter((f.code, f.name) for f in findings)
    width = max((len(str(n)) for n in counts.values()), default=1)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(f"{count:>{width}}\t{code}\t{name}\n" for (code, name), count in rows)


def _write(rendered: str, settings: Settings, out: TextIO, errors: list[tuple[str, str]]) -> None:
    if settings.output_file is None:
        out.write(rendered)
        return
    from reportlint._atomic import write_atomic

    try:
        write_atomic(settings.output_file, rendered)
    except OSError as exc:
        errors.append((display_path(settings.output_file), f"cannot write output: {exc.strerror or exc}"))
