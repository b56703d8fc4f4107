"""One run: files -> Document -> rules -> findings -> format -> exit code."""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from reportlint import __version__
from reportlint._analysis import Analyses
from reportlint._baseline import BaselineError, apply_baseline, read_baseline, write_baseline
from reportlint._config import ConfigError, ConfigResolver, front_matter_profile, remember_passed_checks, validate_configs
from reportlint._builder import parse_document
from reportlint._document import Document
from reportlint._gc import without_gc
from reportlint._source_material import DEFAULT_SOURCE_MARKERS, SourceMarkers
from reportlint._finding import Finding, Severity
from reportlint._fingerprint import with_fingerprints
from reportlint._packs import PackError, load_profile
from reportlint._plugins import load_local_plugins
from reportlint._positions import LineIndex
from reportlint._profile import Profile
from reportlint._registry import DEFAULT_RULE_TIMEOUT, Registry, Rule, RuleAlarm, RuleContext, RuleError, RuleFault, load_registry, run_rule, select_rules, severity_for, unknown_selectors
from reportlint._suppress import apply_suppressions
from reportlint._source import DEFAULT_MAX_BYTES, InputError, SourceFile, decode, discover, display_path, is_one_of, read_bytes, read_stdin
from reportlint.formats import RunResult, get_format
from reportlint.formats.text import safe, statistics

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
    max_file_size: int = DEFAULT_MAX_BYTES  # bytes; a larger file is reported and skipped, never parsed
    rule_timeout: float = DEFAULT_RULE_TIMEOUT  # seconds per rule per file (per MiB past the first); 0 = no limit
    verbose: bool = False
    color: bool = False
    config: Sequence[str] = ()  # --config FILE and --config KEY=VALUE
    isolated: bool = False
    force_exclude: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    explicit: frozenset[str] | None = None  # fields set on the command line; None: those off their default
    source_file: str | None = None  # --source: the source material of the single report linted
    source_markers: SourceMarkers = DEFAULT_SOURCE_MARKERS  # how embedded source material is found
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
    known: Registry = field(default_factory=Registry)  # every rule suppression comments may name

    _tuning: dict[str, tuple[dict[str, object], Severity]] = field(default_factory=dict, init=False, repr=False)

    def context(self, rule_: Rule, path: str, analyses: Analyses | None = None) -> RuleContext:
        # options and severity depend only on the rule and this engine: merged once per rule
        tuning = self._tuning.get(rule_.code)
        if tuning is None:
            options = {**rule_.options, **self.profile.options.get(rule_.code, {}), **self.settings.rule_options.get(rule_.code, {})}
            severity = severity_for(rule_.code, rule_.severity, {**self.profile.severity, **self.settings.severity})
            tuning = self._tuning[rule_.code] = (options, severity)
        return RuleContext(rule_, path, tuning[0], self.profile, tuning[1], analyses)

    def check(self, doc: Document, faults: list[RuleFault] | None = None) -> list[Finding]:
        """Every rule's findings. A faulty rule goes to ``faults`` while the others still run;
        without a ``faults`` list the first fault is raised as :class:`RuleError`."""
        findings: list[Finding] = []
        analyses = Analyses(doc)
        with RuleAlarm() as alarm:
            for rule_ in self.rules:
                found, fault = run_rule(rule_, doc, self.context(rule_, doc.path, analyses), self.settings.rule_timeout, alarm)
                findings.extend(found)
                if fault is not None and faults is None:
                    raise RuleError(f"{doc.path}: {fault}") from fault.error
                if fault is not None:
                    faults.append(fault)
        enabled = {r.code: r for r in self.rules}
        findings = apply_suppressions(doc, findings, self.known, frozenset(enabled), lambda code: self.context(enabled[code], doc.path) if code in enabled else None)
        findings.sort(key=lambda f: f.sort_key)
        return with_fingerprints(findings, doc.index)


def build_engine(settings: Settings, registry: Registry | None = None) -> _Engine:
    registry = registry or load_registry()
    profile = load_profile(settings.profile, settings.packs)
    if profile.patterns:
        from reportlint._patterns import pattern_rules

        registry = registry.extended(pattern_rules(profile.patterns), "pack")
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
    return _Engine(rules, profile, settings, registry)


class _Engines:
    """One engine per distinct effective config (nearest config file, profile, per-file ignores)."""

    def __init__(self, settings: Settings, resolver: ConfigResolver, registry: Registry) -> None:
        self.settings, self.resolver, self.registry = settings, resolver, registry
        self.cache: dict[tuple[object, ...], _Engine] = {}
        self._contexts: dict[tuple[int, int], str] = {}
        self._contexts_by_folder: dict[str, str] = {}

    def for_document(self, doc: Document, filesystem_path: str | None) -> _Engine:
        return self.get(filesystem_path or self.settings.stdin_filename, front_matter_profile(doc.front_matter))

    def get(self, path: str | None, front_profile: str | None = None) -> _Engine:
        """The engine for a file at ``path`` (None: the working directory's config)."""
        config = self.resolver.config_for(path)
        key, settings = self.resolver.file_settings(self.settings, config, path or "-", front_profile)
        engine = self.cache.get(key)
        if engine is None:
            engine = self.cache[key] = build_engine(settings, self.registry)
        return engine

    def cache_context(self, filesystem_path: str) -> str:
        """What, besides the file's bytes and path, decides its findings (for the cache key).

        The engine a file's front matter may pick is decided by its bytes and its config,
        so the config and the engine without front matter are enough. Without
        per-file-ignores or per-glob profiles every file under a config gets the same
        engine, so the context is worked out once per config, not once per file.
        """
        folder = os.path.dirname(filesystem_path)
        context = self._contexts_by_folder.get(folder)  # every file of a folder has the same config
        if context is not None:
            return context
        config = self.resolver.config_for(filesystem_path)
        by_path = not config.data.keys().isdisjoint(("per-file-ignores", "profiles"))
        engine = self.get(filesystem_path) if by_path else None
        memo = (id(config), id(engine))
        context = self._contexts.get(memo)
        if context is None:
            from reportlint._cache import canonical, engine_fingerprint

            fingerprint = engine_fingerprint(engine or self.get(filesystem_path))
            context = self._contexts[memo] = f"{fingerprint}\0{canonical(config)}\0{canonical(self.settings.source_markers)}"
        if not by_path:
            self._contexts_by_folder[folder] = context
        return context


def build_engines(settings: Settings, plugin_errors: list[str]) -> _Engines:
    """Configuration, plugins and the engine factory for a run (also built in each worker)."""
    remember_passed_checks(settings.cache_dir)
    resolver = ConfigResolver(settings)
    settings = resolver.run_settings()
    registry = load_registry(load_local_plugins(resolver.configs(), plugin_errors), plugin_errors)
    validate_configs(resolver.configs(), registry)
    return _Engines(settings, resolver, registry)


def check_text(engine: _Engine, path: str, text: str, faults: list[RuleFault] | None = None) -> tuple[Document, list[Finding]]:
    """Lint text with one engine, bypassing config discovery (evaluation scripts, tests)."""
    doc = parse_document(path, text)
    return doc, engine.check(doc, faults)


def lint_text(engines: _Engines, path: str, text: str, filesystem_path: str | None, faults: list[RuleFault]) -> tuple[Document, list[Finding]]:
    return without_gc(_lint_text, engines, path, text, filesystem_path, faults)


def _lint_text(engines: _Engines, path: str, text: str, filesystem_path: str | None, faults: list[RuleFault]) -> tuple[Document, list[Finding]]:
    from reportlint._sourcefile import attach_source_file

    settings = engines.settings
    doc = parse_document(path, text, settings.source_markers)
    attach_source_file(doc, filesystem_path, settings.source_file, settings.max_file_size)
    return doc, engines.for_document(doc, filesystem_path).check(doc, faults)


@dataclass
class Outcome:
    """What linting one file gave: its findings and lines, or the error that stopped it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    lines: Sequence[str] = ()  # only when there are findings (for the ``full`` format)
    error: tuple[str, str] | None = None
    trace: str = ""  # a traceback to show with --verbose
    faults: list[tuple[str, str]] = field(default_factory=list)  # rules that failed; the file was still linted
    cache_key: tuple[str, str, str] | None = None  # set when the findings may be cached under this key
    front_profile: str | None = None  # the profile the file's front matter picked (its engine's rules are listed)

    def __reduce__(self) -> tuple[object, ...]:
        # findings cross process boundaries as plain lists (see reportlint._parallel)
        from reportlint._cache import encode_findings

        return (_outcome, (self.path, encode_findings(self.findings), tuple(self.lines), self.error, self.trace, self.faults, self.cache_key, self.front_profile))


def _outcome(path: str, findings: list[list[object]], lines: Sequence[str], error: tuple[str, str] | None, trace: str, faults: list[tuple[str, str]], cache_key: tuple[str, str, str] | None, front_profile: str | None) -> Outcome:
    from reportlint._cache import decode_findings

    return Outcome(path, decode_findings(findings), lines, error, trace, faults, cache_key, front_profile)


class _LinesOf(Sequence[str]):
    """The lines of a cached file's bytes, split only if a format shows source lines."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data
        self._lines: tuple[str, ...] = ()

    def _split(self) -> tuple[str, ...]:
        if self._data is not None:
            self._lines, self._data = LineIndex(decode(self._data)).lines(), None
        return self._lines

    def __getitem__(self, index):  # type: ignore[no-untyped-def]  # int or slice, as a tuple's
        return self._split()[index]

    def __len__(self) -> int:
        return len(self._split())


def lint_source(engines: _Engines, source: SourceFile, settings: Settings, cache: Cache | None = None, *, only_cached: bool = False) -> Outcome | None:
    """Read, parse and check one file (or standard input), through the cache when given.

    With ``only_cached``, return the cached outcome or None (nothing is parsed). A report
    with external source material (``--source``, ``source-file:``) is never cached: that
    file may change while the report does not.
    """
    path, key = source.path, None
    try:
        if source.filesystem_path is None:
            text = read_stdin(settings.max_file_size)
        else:
            data = read_bytes(source.filesystem_path, settings.max_file_size)
            if cache is not None and settings.source_file is None:
                key = cache.key(engines.cache_context(source.filesystem_path), path, data)
                cached = cache.get(key)
                if cached is not None:
                    return Outcome(path, cached[0], _LinesOf(data) if cached[0] else (), front_profile=cached[1])
            if only_cached:
                return None
            text = decode(data)
        faults: list[RuleFault] = []
        doc, found = lint_text(engines, path, text, source.filesystem_path, faults)
        if key is not None and (faults or any(material.origin == "file" for material in doc.source_material)):
            key = None
        front_profile = front_matter_profile(doc.front_matter)
        if key is not None:
            cache.put(key, found, front_profile)
        trace = "".join(_trace(f.error) for f in faults if f.error is not None) if settings.verbose else ""
        return Outcome(path, found, doc.lines if found else (), trace=trace, faults=[(path, str(f)) for f in faults], cache_key=key, front_profile=front_profile)
    except (InputError, PackError, UsageError) as exc:
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
    plugin_errors: list[str] = []
    requested = settings  # what worker processes resolve again
    try:
        engines = build_engines(settings, plugin_errors)
        resolver, settings = engines.resolver, engines.settings
        sources: list[SourceFile] = discover(settings.paths, errors)
        if "-" in settings.paths:
            name = display_path(settings.stdin_filename) if settings.stdin_filename else "-"
            sources.append(SourceFile(name, None))
        sources = [s for s in sources if not resolver.excluded(s.filesystem_path or settings.stdin_filename, s.filesystem_path in settings.paths or s.filesystem_path is None, settings.force_exclude)]
        formatter = get_format(settings.output_format)
        engines.get(None)  # a bad --select or profile is one error, not one per file
        baseline = read_baseline(settings.baseline) if settings.baseline else None
    except (RuleError, PackError, UsageError, ConfigError, BaselineError) as exc:
        err.write(f"reportlint: error: {exc}\n")
        return EXIT_ERROR
    except KeyError:
        err.write(f"reportlint: error: unknown output format {settings.output_format!r}\n")
        return EXIT_ERROR
    errors.extend(("", problem) for problem in plugin_errors)
    rules_seen: dict[str, Rule] = {}
    if settings.source_file is not None and len(sources) > 1:
        err.write(f"reportlint: error: --source names the source of one report, but {len(sources)} reports were given\n")
        return EXIT_ERROR
    if settings.output_file is not None and is_one_of(settings.output_file, sources):
        err.write(safe(f"reportlint: error: {display_path(settings.output_file)}: is a report being linted; -o will not overwrite it") + "\n")
        return EXIT_ERROR

    from reportlint._parallel import lint_sources

    cache = None
    if settings.cache_dir:
        from reportlint._cache import Cache

        cache = Cache(settings.cache_dir)
    findings: list[Finding] = []
    lines: dict[str, Sequence[str]] = {}
    linted: list[str] = []
    for source, outcome in zip(sources, lint_sources(engines, sources, requested, cache)):
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
        findings.extend(outcome.findings)
        if outcome.findings:
            lines[outcome.path] = outcome.lines
    if cache is not None:
        cache.save()

    findings.sort(key=lambda f: f.sort_key)
    if settings.write_baseline:
        return _write_baseline(settings.write_baseline, findings, errors, err)
    if baseline is not None:
        outcome = apply_baseline(findings, baseline, linted)
        findings = outcome.findings
        if outcome.stale:
            err.write(f"reportlint: {outcome.stale} baseline entries no longer match (fixed or changed); rewrite the baseline with --write-baseline to drop them\n")
    for engine in engines.cache.values():
        rules_seen.update((r.code, r) for r in engine.rules)
    rules = [rules_seen[code] for code in sorted(rules_seen)]
    result = RunResult(findings, linted, lines, rules, __version__, settings.color, settings.quiet, len(errors))
    rendered = statistics(result) if settings.statistics else formatter(result)
    _write(rendered, settings, out, errors)
    _report_errors(errors, err)
    return exit_code(findings, errors, settings)


def _report_errors(errors: Sequence[tuple[str, str]], err: TextIO) -> None:
    for path, problem in errors:
        err.write(safe(f"reportlint: error: {path}: {problem}" if path else f"reportlint: error: {problem}") + "\n")


def _write_baseline(path: str, findings: Sequence[Finding], errors: list[tuple[str, str]], err: TextIO) -> int:
    try:
        write_baseline(path, findings)
    except OSError as exc:
        errors.append((display_path(path), f"cannot write baseline: {exc.strerror or exc}"))
    else:
        err.write(f"reportlint: wrote {len(findings)} findings to baseline {display_path(path)}\n")
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
        out.write(rendered)
        return
    from reportlint._atomic import write_atomic

    try:
        write_atomic(settings.output_file, rendered)
    except OSError as exc:
        errors.append((display_path(settings.output_file), f"cannot write output: {exc.strerror or exc}"))
