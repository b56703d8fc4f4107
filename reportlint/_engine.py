"""The engine: lint one document with the rules its config selects.

``lint_file(engines, source, text)`` is the whole per-file path: parse (with any external
source material), pick the file's engine (its config and front-matter profile), run every
rule within its budget, apply suppression comments, add fingerprints. It knows nothing of
caches, worker processes or the garbage collector: the batch wraps those around it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlint._analysis import Analyses
from reportlint._config import ConfigFile, ConfigResolver, front_matter_profile
from reportlint._builder import parse_document
from reportlint._document import Document
from reportlint._faults import RuleAlarm, RuleFault, run_rule
from reportlint._finding import Finding, Severity
from reportlint._fingerprint import with_fingerprints
from reportlint._packs import PackError, load_profile
from reportlint._plugins import load_local_plugins
from reportlint._profile import Profile
from reportlint._registry import Registry, Rule, RuleContext, RuleError, load_registry, select_rules, severity_for, unknown_selectors
from reportlint._settings import Settings
from reportlint._source import InputError, SourceFile
from reportlint._sourcefile import SourceFileLookup
from reportlint._suppress import apply_suppressions

if TYPE_CHECKING:
    from reportlint._cache import Cache


class UsageError(Exception):
    """Bad settings (unknown selector, profile or format); exit code 2."""


@dataclass
class Engine:
    """Rules resolved once per effective config and applied to each document."""

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
                if fault is not None:
                    if faults is None:
                        raise RuleError(f"{doc.path}: {fault}") from fault.error
                    faults.append(fault)
        enabled = {r.code: r for r in self.rules}
        findings = apply_suppressions(doc, findings, self.known, frozenset(enabled), lambda code: self.context(enabled[code], doc.path) if code in enabled else None)
        findings.sort(key=lambda f: f.sort_key)
        return with_fingerprints(findings, doc.index)


def build_engine(settings: Settings, registry: Registry | None = None, memo: Cache | None = None) -> Engine:
    """The engine for ``settings``: its profile (and the profile's pattern rules) and selection."""
    registry = registry or load_registry()
    profile = load_profile(settings.profile, settings.packs, memo)
    if profile.patterns:
        from reportlint._patterns import pattern_rules

        registry = registry.extended(pattern_rules(profile.patterns), "pack")
    bad = unknown_selectors(registry, [*(settings.select or ()), *settings.extend_select, *settings.ignore])
    if bad:
        from reportlint._schema import suggestion

        raise UsageError(f"unknown rule selector {bad[0]!r} (use a code such as RL201, a prefix such as RL2, or a rule name; `reportlint rules` lists them){suggestion(bad[0], [*registry.rules, *registry.by_name])}")
    rules = select_rules(
        registry,
        select=settings.select,
        extend_select=settings.extend_select,
        ignore=settings.ignore,
        preview=settings.preview,
        profile=profile,
    )
    return Engine(rules, profile, settings, registry)


EngineKey = tuple[object, ...]  # what makes two files' engines the same: config file, profile, per-file ignores


class Engines:
    """One engine per distinct effective config (nearest config file, profile, per-file ignores)."""

    def __init__(self, settings: Settings, resolver: ConfigResolver, registry: Registry, memo: Cache | None = None) -> None:
        self.settings, self.resolver, self.registry, self.memo = settings, resolver, registry, memo
        self.cache: dict[EngineKey, Engine] = {}
        self.local_plugins: frozenset[str] | None = None  # the modules the registry holds; None: not loaded yet

    def load_plugins(self, plugin_errors: list[str]) -> None:
        """Load the rules: built-in, installed plugins and the local plugins of every config met so far.

        Called again once every linted file's config has been read: a config in a subfolder
        may name local plugins too. Nothing is reloaded unless it names new ones; the errors
        of a reload replace those of the first load.
        """
        configs = self.resolver.configs()
        wanted = frozenset(m for c in configs for m in c.data.get("local-plugins", ()))
        if wanted == self.local_plugins:
            return
        errors: list[str] = []
        self.registry = load_registry(load_local_plugins(configs, errors), errors)
        self.local_plugins = wanted
        self.cache.clear()
        plugin_errors[:] = errors

    def for_document(self, doc: Document, filesystem_path: str | None) -> Engine:
        return self.get(filesystem_path or self.settings.stdin_filename, front_matter_profile(doc.front_matter))

    def get(self, path: str | None, front_profile: str | None = None) -> Engine:
        """The engine for a file at ``path`` (None: the working directory's config)."""
        return self.keyed(path, front_profile)[1]

    def keyed(self, path: str | None, front_profile: str | None = None) -> tuple[EngineKey, Engine]:
        """The engine for a file at ``path`` and the key it is shared under."""
        config = self.resolver.config_for(path)
        key, settings = self.resolver.file_settings(self.settings, config, path or "-", front_profile)
        engine = self.cache.get(key)
        if engine is None:
            engine = self.cache[key] = build_engine(settings, self.registry, self.memo)
        return key, engine


def build_engines(settings: Settings, plugin_errors: list[str], config_files: Sequence[str] = ()) -> Engines:
    """Configuration, plugins and the engine factory for a run (also built in each worker).

    ``config_files``: configs to read besides the working directory's (a worker gets every
    config its parent met, so that it loads the same local plugins). With a cache folder,
    schema checks that passed are remembered there: importing jsonschema takes longer than
    a whole one-file run, and a config rarely changes.
    """
    memo = None
    if settings.cache_dir:
        from reportlint._cache import Cache

        memo = Cache(settings.cache_dir)
    resolver = ConfigResolver(settings, memo=memo)
    settings = resolver.run_settings()
    for path in config_files:
        resolver.config_for(path)  # the config in that file's folder
    engines = Engines(settings, resolver, Registry(), memo)
    engines.load_plugins(plugin_errors)
    return engines


def check_text(engine: Engine, path: str, text: str, faults: list[RuleFault] | None = None) -> tuple[Document, list[Finding]]:
    """Lint text with one engine, bypassing config discovery (evaluation scripts, tests)."""
    doc = parse_document(path, text)
    return doc, engine.check(doc, faults)


@dataclass
class Outcome:
    """What linting one file gave: its findings and lines, or the error that stopped it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    lines: Sequence[str] = ()  # only when there are findings (for the ``full`` format)
    error: tuple[str, str] | None = None
    trace: str = ""  # a traceback to show with --verbose
    faults: list[tuple[str, str]] = field(default_factory=list)  # rules that failed; the file was still linted
    cacheable: bool = False  # the findings depend only on the file's bytes and its config
    front_profile: str | None = None  # the profile the file's front matter picked (its engine's rules are listed)


def lint_file(engines: Engines, source: SourceFile, text: str) -> Outcome:
    """Lint the ``text`` of ``source``; every failure becomes the outcome's error or faults.

    Findings that depend on more than the file's bytes and config (a faulty rule, external
    source material: ``--source``, ``source-file:``) are marked not cacheable.
    """
    settings = engines.settings
    try:
        doc = parse_document(source.path, text, settings.source_markers, SourceFileLookup(source.filesystem_path, settings.source_file, settings.max_file_size, source_roots(engines.resolver.config_for(source.filesystem_path or settings.stdin_filename))))
        faults: list[RuleFault] = []
        found = engines.for_document(doc, source.filesystem_path).check(doc, faults)
        cacheable = settings.source_file is None and not faults and not any(material.origin == "file" for material in doc.source_material)
        trace = "".join(_trace(f.error) for f in faults if f.error is not None) if settings.verbose else ""
        return Outcome(source.path, found, doc.lines if found else (), trace=trace, faults=[(source.path, str(f)) for f in faults], cacheable=cacheable, front_profile=front_matter_profile(doc.front_matter))
    except Exception as exc:  # noqa: BLE001 - an error in one file must not hide the other files
        return failed(source.path, exc, settings.verbose)


def source_roots(config: ConfigFile) -> tuple[str, ...]:
    """Where a report's ``source-file:`` may point besides its repository: its config's folder and
    the config's ``source-file-roots``."""
    if config.path is None:
        return ()
    return (str(config.root), *(str(config.root / folder) for folder in config.data.get("source-file-roots", ())))


def failed(path: str, exc: Exception, verbose: bool) -> Outcome:
    """The outcome of a file whose reading or linting raised ``exc``."""
    if isinstance(exc, (InputError, PackError, UsageError)):
        return Outcome(path, error=(path, str(exc)))
    if isinstance(exc, RuleError):
        return Outcome(path, error=("", str(exc)), trace=_trace(exc.__cause__ or exc) if verbose else "")
    if isinstance(exc, RecursionError):
        return Outcome(path, error=(path, "Markdown nested too deeply to parse; skipped"))
    message = f"internal error: {type(exc).__name__}: {exc} (please report it; --verbose shows the traceback)"
    return Outcome(path, error=(path, message), trace=_trace(exc) if verbose else "")


def _trace(exc: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
