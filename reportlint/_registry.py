"""Rules: the ``@rule`` decorator, the rule context, selectors and entry-point loading."""
from __future__ import annotations

import inspect
import re
import signal
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal, NamedTuple, TypeVar

from reportlint._analysis import Analyses, Analysis
from reportlint._document import Document
from reportlint._finding import Finding, Fix, Severity
from reportlint._positions import Position, Span
from reportlint._profile import EMPTY_PROFILE, Profile

RULES_GROUP = "reportlint.rules"
DOCS_BASE_URL = "https://github.com/reportlint/reportlint/blob/main/docs/rules/"
_CODE = re.compile(r"(?P<prefix>[A-Z]{2,6})(?P<number>\d{3})")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
Status = Literal["stable", "preview", "deprecated", "removed"]
FixKind = Literal["none", "sometimes", "always"]
_Result = TypeVar("_Result")
CheckFunction = Callable[[Document, "RuleContext"], Iterable[Finding]]


class RuleError(Exception):
    """A rule or plugin that cannot be loaded or run; reported with exit code 2."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: Severity
    func: CheckFunction
    tags: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    options_schema: Mapping[str, Any] = field(default_factory=dict)
    fix: FixKind = "none"
    status: Status = "stable"
    since: str = "0.1.0"
    default_enabled: bool = True
    doc: str = ""
    origin: str = "reportlint"

    @property
    def family(self) -> str:
        return self.code[: len(self.code) - 2]

    @property
    def url(self) -> str:
        if self.origin != "reportlint":
            return ""
        return f"{DOCS_BASE_URL}{self.code}.md"


def rule(
    *,
    code: str,
    name: str,
    summary: str,
    severity: Severity = Severity.WARNING,
    tags: Sequence[str] = (),
    options: Mapping[str, Any] | None = None,
    options_schema: Mapping[str, Any] | None = None,
    fix: FixKind = "none",
    status: Status = "stable",
    since: str = "0.1.0",
    default_enabled: bool = True,
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule: metadata beside its check; the module lists it in its ``RULES`` tuple."""

    def wrap(func: CheckFunction) -> Rule:
        defaults = dict(options or {})
        schema = dict(options_schema) if options_schema else _infer_schema(defaults)
        return Rule(
            code=code,
            name=name,
            summary=summary,
            severity=Severity(severity),
            func=func,
            tags=tuple(tags),
            options=defaults,
            options_schema=schema,
            fix=fix,
            status=status,
            since=since,
            default_enabled=default_enabled,
            doc=inspect.cleandoc(func.__doc__ or ""),
            origin=func.__module__.split(".")[0],
        )

    return wrap


def _infer_schema(defaults: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-Schema fragment from option defaults, so every option is validated."""
    properties: dict[str, Any] = {}
    for key, value in defaults.items():
        if isinstance(value, bool):
            properties[key] = {"type": "boolean"}
        elif isinstance(value, int):
            properties[key] = {"type": "integer"}
        elif isinstance(value, float):
            properties[key] = {"type": "number"}
        elif isinstance(value, str):
            properties[key] = {"type": "string"}
        elif isinstance(value, (list, tuple)):
            properties[key] = {"type": "array", "items": {"type": "string"}}
        elif isinstance(value, dict):
            properties[key] = {"type": "object"}
        else:
            properties[key] = {}
    return {"type": "object", "properties": properties, "additionalProperties": False}


@dataclass(frozen=True)
class RuleContext:
    """What a check receives beside the document."""

    rule: Rule
    path: str
    options: Mapping[str, Any]
    profile: Profile = EMPTY_PROFILE
    severity: Severity | None = None
    analyses: Analyses | None = None  # the document's shared analyses; the engine sets it

    def analysis(self, analysis: Analysis[Any, _Result], options: Hashable = None) -> _Result:
        """The result of a named analysis of the document being checked, shared by every rule."""
        if self.analyses is None:
            raise RuntimeError("this RuleContext was made without the document's analyses")
        return self.analyses.get(analysis, options)

    def finding(self, span: Span, message: str, *, detail: str | None = None, fix: Fix | None = None, severity: Severity | None = None) -> Finding:
        """A finding of this rule at ``span`` (the offending words, not the whole block)."""
        return Finding(
            code=self.rule.code,
            name=self.rule.name,
            severity=severity or self.severity or self.rule.severity,
            message=message,
            detail=detail,
            path=self.path,
            span=span,
            url=self.rule.url,
            fix=fix,
        )


# ---------------------------------------------------------------- registry

@dataclass
class Registry:
    """All known rules by code, and by name for selectors."""

    rules: dict[str, Rule] = field(default_factory=dict)
    by_name: dict[str, Rule] = field(default_factory=dict)

    def add(self, new: Rule, owner: str, prefix: str | None) -> None:
        match = _CODE.fullmatch(new.code)
        if match is None:
            raise RuleError(f"plugin {owner!r}: rule code {new.code!r} is not 2-6 capitals and 3 digits")
        if prefix is not None and match.group("prefix") != prefix:
            raise RuleError(f"plugin {owner!r}: rule {new.code} is outside the plugin's prefix {prefix!r}")
        if not _NAME.fullmatch(new.name):
            raise RuleError(f"plugin {owner!r}: rule {new.code} name {new.name!r} is not kebab-case")
        if new.code in self.rules:
            raise RuleError(f"plugin {owner!r}: rule code {new.code} is already defined")
        if new.name in self.by_name:
            raise RuleError(f"plugin {owner!r}: rule name {new.name!r} is already used by {self.by_name[new.name].code}")
        self.rules[new.code] = new
        self.by_name[new.name] = new

    def extended(self, extra: Iterable[Rule], owner: str) -> Registry:
        """A copy with ``extra`` rules added (pattern rules of one profile)."""
        copy = Registry(dict(self.rules), dict(self.by_name))
        for new in extra:
            copy.add(new, owner, None)
        return copy

    def get(self, code_or_name: str) -> Rule | None:
        return self.rules.get(code_or_name.upper()) or self.by_name.get(code_or_name.lower())

    def sorted(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: r.code)

    def matches(self, selector: str) -> list[Rule]:
        """Rules a selector names: ``ALL``, a code, a code prefix (``RL4``) or a rule name."""
        if selector.upper() == "ALL":
            return self.sorted()
        named = self.by_name.get(selector.lower())
        if named is not None:
            return [named]
        prefix = selector.upper()
        return [r for r in self.sorted() if r.code.startswith(prefix)]

    def is_known_selector(self, selector: str) -> bool:
        return bool(self.matches(selector)) or selector.upper() == "ALL"


def rules_of(target: Any, owner: str) -> list[Rule]:
    """Rules exported by an entry point: a module with ``RULES``, or an iterable of Rule."""
    found = getattr(target, "RULES", target) if isinstance(target, ModuleType) else target
    try:
        items = list(found)
    except TypeError:
        raise RuleError(f"plugin {owner!r}: expected a module with a RULES tuple or an iterable of rules") from None
    for item in items:
        if not isinstance(item, Rule):
            raise RuleError(f"plugin {owner!r}: {item!r} is not a rule made with @rule")
    return items


class _EntryPoint:
    """``name = module[:attr]`` read straight from an ``entry_points.txt``."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value

    def load(self) -> Any:
        import importlib

        module, _, attr = self.value.partition(":")
        target = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            target = getattr(target, part)
        return target


def _entry_points() -> list[Any]:
    found = _scan_entry_points()
    if found is not None:
        return found
    from importlib.metadata import entry_points

    return list(entry_points(group=RULES_GROUP))


def _scan_entry_points() -> list[_EntryPoint] | None:
    """The ``reportlint.rules`` entry points of the distributions on ``sys.path``.

    ``importlib.metadata`` costs a fifth of a cold start (it imports email, zipfile,
    csv, ...), so the common layout, ``*.dist-info``/``*.egg-info`` folders in path
    directories, is read directly, with the same first-distribution-wins rule. Anything
    else (a zip on the path, a custom distribution finder) returns None: use importlib.
    """
    import os
    import sys
    from importlib.machinery import PathFinder

    if any(getattr(finder, "find_distributions", None) not in (None, PathFinder.find_distributions) for finder in sys.meta_path):
        return None
    seen: set[str] = set()
    found: list[_EntryPoint] = []
    for entry in sys.path:
        directory = entry or "."
        try:
            names = os.listdir(directory)
        except NotADirectoryError:
            return None
        except OSError:
            continue
        for name in names:
            lower = name.lower()
            if not lower.endswith((".dist-info", ".egg-info")):
                continue
            distribution = re.sub(r"[-_.]+", "_", lower.rsplit(".", 1)[0].split("-", 1)[0])
            if distribution in seen:
                continue
            seen.add(distribution)
            try:
                with open(os.path.join(directory, name, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            if RULES_GROUP in text:
                found.extend(_group_entries(text))
    return found


def _group_entries(text: str) -> Iterator[_EntryPoint]:
    section = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == RULES_GROUP and "=" in line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            yield _EntryPoint(name.strip(), value.strip())


def load_registry(extra_modules: Iterable[tuple[str, Any]] = (), errors: list[str] | None = None) -> Registry:
    """Built-in and plugin rules, all through the ``reportlint.rules`` entry-point group.

    When reportlint runs from a source tree without being installed, the built-in
    checks are registered directly so that the tool still works. With ``errors``, a
    plugin that fails to load is reported there and skipped, and the others still load.
    """
    registry = Registry()
    loaded_prefixes: set[str] = set()

    def add_all(owner: str, load: Callable[[], Any], prefix: str | None) -> None:
        try:
            for new in rules_of(load(), owner):
                registry.add(new, owner, prefix)
        except RuleError as exc:
            if errors is None:
                raise
            errors.append(str(exc))

    for entry in sorted(_entry_points(), key=lambda e: (e.name != "RL", e.name)):
        if entry.name in loaded_prefixes:
            continue
        loaded_prefixes.add(entry.name)
        add_all(entry.name, lambda entry=entry: _import_entry(entry), entry.name)
    if "RL" not in loaded_prefixes:
        import reportlint.checks

        add_all("RL", lambda: reportlint.checks, "RL")
    for owner, target in extra_modules:
        add_all(owner, lambda target=target: target, None)
    return registry


def _import_entry(entry: Any) -> Any:
    try:
        return entry.load()
    except Exception as exc:  # noqa: BLE001 - a broken plugin must not stop the others
        raise RuleError(f"plugin {entry.name!r} ({entry.value}) failed to import: {type(exc).__name__}: {exc}") from exc


# ---------------------------------------------------------------- fault isolation

DEFAULT_RULE_TIMEOUT = 20.0  # seconds per rule per file (per MiB of text for larger files); 0 turns the limit off
_BUDGET_UNIT = 1024 * 1024  # characters: a larger file gets a proportionally larger budget

_SPARE_FINDINGS = 1000  # findings a rule may return beyond one per character (bounds memory)

# Engine codes: a faulty rule is an exit-2 error naming the rule and the file, never a finding.
RULE_CRASHED, RULE_TIMED_OUT, RULE_BAD_FINDING = "RL005", "RL006", "RL007"


class RuleFault(NamedTuple):
    """A rule that raised, ran past its time budget or returned a finding outside the file."""

    code: str
    rule: Rule
    path: str
    problem: str
    error: BaseException | None = None

    def __str__(self) -> str:
        where = f" (from plugin {self.rule.origin})" if self.rule.origin != "reportlint" else ""
        return f"{self.code} rule {self.rule.code} ({self.rule.name}){where} {self.problem}; its findings for this file are not reported"


class _Timeout(BaseException):
    """Raised by SIGALRM inside a rule; a BaseException so that ``except Exception`` in a rule cannot swallow it."""


def _expire(signum: int, frame: Any) -> None:
    raise _Timeout


class RuleAlarm:
    """SIGALRM as the time limit of each rule, where the platform and thread allow it.

    The handler is installed once for a batch of rules (one document) and only the timer
    is armed per rule: installing a handler costs several times more than arming the
    timer, and it was done for every rule of every file. The regular-expression engine
    checks for signals, so even catastrophic backtracking is interrupted. Elsewhere
    (Windows, worker threads, a timer already running) the caller's elapsed-time check
    after the rule returns is the only limit.
    """

    def __init__(self) -> None:
        self.usable = False
        self._previous: Any = None

    def __enter__(self) -> RuleAlarm:
        self.usable = (
            hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        )
        if self.usable:
            self._previous = signal.signal(signal.SIGALRM, _expire)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.usable:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
            finally:
                signal.signal(signal.SIGALRM, self._previous)
                self.usable = False

    def arm(self, seconds: float) -> None:
        """Interrupt the running rule after ``seconds`` (0: never)."""
        if self.usable and seconds > 0:
            signal.setitimer(signal.ITIMER_REAL, seconds)

    def disarm(self) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, 0)


def rule_budget(timeout: float, doc: Document) -> float:
    """Seconds one rule may take on ``doc``: ``timeout``, scaled up per MiB past the first."""
    return timeout * max(1.0, len(doc.text) / _BUDGET_UNIT)


def run_rule(rule_: Rule, doc: Document, ctx: RuleContext, timeout: float = DEFAULT_RULE_TIMEOUT, alarm: RuleAlarm | None = None) -> tuple[list[Finding], RuleFault | None]:
    """Run one check within its time budget; a fault drops that rule's findings for this file.

    ``alarm``: an entered :class:`RuleAlarm` shared by the rules of one document (else one
    is set up for this rule alone).
    """
    if alarm is None:
        with RuleAlarm() as own:
            return run_rule(rule_, doc, ctx, timeout, own)
    timeout = rule_budget(timeout, doc)
    started = time.perf_counter()
    most = len(doc.text) + _SPARE_FINDINGS
    findings: list[Finding] = []
    try:
        alarm.arm(timeout)
        try:
            for found in rule_.func(doc, ctx):
                findings.append(found)
                if len(findings) > most:
                    return [], RuleFault(RULE_BAD_FINDING, rule_, doc.path, f"returned more than {most:,} findings, more than the file has characters")
        finally:
            alarm.disarm()
    except _Timeout:
        return [], RuleFault(RULE_TIMED_OUT, rule_, doc.path, f"ran past its {timeout:.3g} s time budget (rule-timeout)")
    except RecursionError as exc:
        return [], RuleFault(RULE_CRASHED, rule_, doc.path, "failed: input nested too deeply", exc)
    except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the others
        return [], RuleFault(RULE_CRASHED, rule_, doc.path, f"raised {type(exc).__name__}: {exc}", exc)
    elapsed = time.perf_counter() - started
    if timeout > 0 and elapsed > timeout:
        return [], RuleFault(RULE_TIMED_OUT, rule_, doc.path, f"took {elapsed:.1f} s, past its {timeout:.3g} s time budget (rule-timeout)")
    for found in findings:
        problem = bad_finding(doc, found)
        if problem:
            return [], RuleFault(RULE_BAD_FINDING, rule_, doc.path, problem)
    return findings, None


def bad_finding(doc: Document, found: object) -> str | None:
    """Why ``found`` cannot be reported for ``doc`` (not a Finding, or a span outside the file)."""
    if not isinstance(found, Finding):
        return f"returned {type(found).__name__}, not a Finding"
    span = found.span
    for position in (span.start, span.end):
        if not _inside(doc, position):
            return f"returned a finding at {position.line}:{position.column}, outside the file"
    if span.end < span.start:
        return f"returned a finding that ends ({span.end.line}:{span.end.column}) before it starts ({span.start.line}:{span.start.column})"
    return None


def _inside(doc: Document, position: Position) -> bool:
    """A line of the file and a column from 1 to just past the line's last character."""
    starts = doc.index.starts
    if not (isinstance(position.line, int) and isinstance(position.column, int)):
        return False
    if not 1 <= position.line <= len(starts) or position.column < 1:
        return False
    limit = starts[position.line] if position.line < len(starts) else len(doc.text) + 1
    return starts[position.line - 1] + position.column - 1 < limit


def _is_explicit(registry: Registry, selector: str) -> bool:
    """A full code or a rule name: enough to turn on an off-by-default rule."""
    return selector.upper() in registry.rules or selector.lower() in registry.by_name


def unknown_selectors(registry: Registry, selectors: Iterable[str]) -> list[str]:
    return [s for s in selectors if not registry.is_known_selector(s)]


def select_rules(
    registry: Registry,
    *,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    preview: bool = False,
    profile: Profile = EMPTY_PROFILE,
) -> list[Rule]:
    """The rules that run, in code order.

    ``select`` (default: every rule) narrows; the profile then turns rules on or off
    unless ``select`` was given; ``extend-select`` adds and ``ignore`` removes last.
    Off-by-default rules run only when named by full code or name (or by the profile),
    preview rules only with ``preview``.
    """
    chosen: dict[str, Rule] = {}

    def include(selectors: Iterable[str], force: bool) -> None:
        for selector in selectors:
            explicit = force or _is_explicit(registry, selector)
            for candidate in registry.matches(selector):
                if candidate.status == "removed" or (candidate.status == "preview" and not preview):
                    continue
                if candidate.default_enabled or explicit:
                    chosen[candidate.code] = candidate

    def exclude(selectors: Iterable[str]) -> None:
        for selector in selectors:
            for candidate in registry.matches(selector):
                chosen.pop(candidate.code, None)

    include(select if select is not None else ["ALL"], False)
    if select is None:
        include(profile.enable, True)
        exclude(profile.disable)
    include(extend_select, False)
    exclude(ignore)
    return [chosen[code] for code in sorted(chosen)]


def severity_for(code: str, default: Severity, overrides: Mapping[str, str]) -> Severity:
    """The most specific override (longest matching code prefix) wins."""
    best = ""
    for selector in overrides:
        if code.startswith(selector.upper()) and len(selector) > len(best):
            best = selector
    return Severity(overrides[best]) if best else default
