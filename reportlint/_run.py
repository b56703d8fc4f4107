"""One run: files -> Document -> rules -> findings -> format -> exit code."""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from reportlint import __version__
from reportlint._document import Document, parse_document, without_gc
from reportlint._finding import Finding, Severity
from reportlint._fingerprint import with_fingerprints
from reportlint._packs import PackError, load_profile
from reportlint._positions import LineIndex
from reportlint._profile import Profile
from reportlint._registry import Registry, Rule, RuleContext, RuleError, load_registry, run_rule, select_rules, severity_for, unknown_selectors
from reportlint._source import DEFAULT_MAX_BYTES, InputError, SourceFile, decode, discover, display_path, read_bytes, read_stdin
from reportlint.formats import RunResult, get_format

if TYPE_CHECKING:
    from reportlint._cache import Cache

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
    max_file_size: int = DEFAULT_MAX_BYTES
    verbose: bool = False
    color: bool = False
    jobs: int | None = None  # worker processes; None: one per core for large batches
    cache_dir: str | None = None  # None: no cache (the CLI passes .reportlint_cache)


class UsageError(Exception):
    """Bad settings (unknown selector, profile or format); exit code 2."""


@dataclass
class _Engine:
    """Rules resolved once per run and applied to each document."""

    rules: list[Rule]
    profile: Profile
    settings: Settings
    _resolved: list[tuple[Rule, dict[str, object], Severity]] | None = field(default=None, repr=False)

    def resolved(self) -> list[tuple[Rule, dict[str, object], Severity]]:
        """Each rule with its options (defaults < profile < settings) and severity, once per run."""
        if self._resolved is None:
            overrides = {**self.profile.severity, **self.settings.severity}
            self._resolved = [
                (rule_, {**rule_.options, **self.profile.options.get(rule_.code, {}), **self.settings.rule_options.get(rule_.code, {})},
                 severity_for(rule_.code, rule_.severity, overrides))
                for rule_ in self.rules
            ]
        return self._resolved

    def check(self, doc: Document) -> list[Finding]:
        findings: list[Finding] = []
        for rule_, options, severity in self.resolved():
            ctx = RuleContext(rule_, doc.path, options, self.profile, severity)
            findings.extend(run_rule(rule_, doc, ctx))
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


def lint_text(engine: _Engine, path: str, text: str) -> tuple[Document, list[Finding]]:
    return without_gc(_lint_text, engine, path, text)


def _lint_text(engine: _Engine, path: str, text: str) -> tuple[Document, list[Finding]]:
    doc = parse_document(path, text)
    return doc, engine.check(doc)


@dataclass
class Outcome:
    """What linting one file gave: its findings and lines, or the error that stopped it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    lines: Sequence[str] = ()  # only when there are findings (for the ``full`` format)
    error: tuple[str, str] | None = None
    trace: str = ""  # a traceback to show with --verbose

    def __reduce__(self) -> tuple[object, ...]:
        # findings cross process boundaries as plain lists (see reportlint._parallel)
        from reportlint._cache import encode_findings

        return (_outcome, (self.path, encode_findings(self.findings), self.lines, self.error, self.trace))


def _outcome(path: str, findings: list[list[object]], lines: Sequence[str], error: tuple[str, str] | None, trace: str) -> Outcome:
    from reportlint._cache import decode_findings

    return Outcome(path, decode_findings(findings), lines, error, trace)


def lint_source(engine: _Engine, source: SourceFile, settings: Settings, cache: Cache | None = None, *, only_cached: bool = False) -> Outcome | None:
    """Read, parse and check one file (or standard input), through the cache when given.

    With ``only_cached``, return the cached outcome or None (nothing is parsed).
    """
    path, key = source.path, None
    try:
        if source.filesystem_path is None:
            text = read_stdin(settings.max_file_size)
        else:
            data = read_bytes(source.filesystem_path, settings.max_file_size)
            key = cache.key(engine, path, data) if cache is not None else None
            cached = cache.get(key) if key is not None else None
            if cached is not None:
                return Outcome(path, cached, LineIndex(decode(data)).lines() if cached else ())
            if only_cached:
                return None
            text = decode(data)
        doc, found = lint_text(engine, path, text)
        if key is not None:
            cache.put(key, found)
        return Outcome(path, found, doc.lines if found else ())
    except InputError as exc:
        return None if only_cached else Outcome(path, error=(path, str(exc)))
    except RuleError as exc:
        return Outcome(path, error=("", str(exc)), trace=_trace(exc.__cause__ or exc) if settings.verbose else "")
    except RecursionError:
        return Outcome(path, error=(path, "Markdown nested too deeply to parse; skipped"))
    except Exception as exc:  # noqa: BLE001 - an internal error must not hide the other files
        message = f"internal error: {type(exc).__name__}: {exc} (please report it; --verbose shows the traceback)"
        return Outcome(path, error=(path, message), trace=_trace(exc) if settings.verbose else "")


def _trace(exc: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


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

    from reportlint._parallel import lint_sources

    cache = None
    if settings.cache_dir:
        from reportlint._cache import Cache

        cache = Cache(settings.cache_dir)
    findings: list[Finding] = []
    lines: dict[str, Sequence[str]] = {}
    linted: list[str] = []
    for outcome in lint_sources(engine, sources, settings, cache):
        if outcome.trace:
            err.write(outcome.trace)
        if outcome.error is not None:
            errors.append(outcome.error)
            continue
        linted.append(outcome.path)
        findings.extend(outcome.findings)
        if outcome.findings:
            lines[outcome.path] = outcome.lines

    findings.sort(key=lambda f: f.sort_key)
    result = RunResult(findings, linted, lines, engine.rules, __version__, settings.color, settings.quiet, len(errors))
    rendered = _statistics(findings) if settings.statistics else formatter(result)
    _write(rendered, settings, out, errors)
    for path, problem in errors:
        err.write(f"reportlint: error: {path}: {problem}\n" if path else f"reportlint: error: {problem}\n")
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
