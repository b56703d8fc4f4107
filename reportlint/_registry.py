"""Rules: the ``@rule`` decorator and its options, the rule context, selectors and entry-point loading."""
from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from reportlint._analysis import Analyses, Analysis
from reportlint._document import Document
from reportlint._finding import Finding, Fix, Severity
from reportlint._positions import Span
from reportlint._profile import EMPTY_PROFILE, Profile

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

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
    """A rule as registered: its code, name, metadata, options and check function."""

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


@dataclass(frozen=True)
class Option:
    """A rule option whose schema needs more than its default's type can say.

    ``options={"min-words": 3}`` is enough for most options: the schema is inferred from
    the default. ``Option(default, schema=..., description=...)`` gives the JSON-Schema
    fragment (an enum, a pattern, items of another type) and a line for the rule's docs.
    """

    default: Any
    schema: Mapping[str, Any] | None = None
    description: str = ""


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
    """Declare a rule: metadata beside its check; the module lists it in its ``RULES`` tuple.

    ``options`` maps each option to its default or to an :class:`Option`.
    ``options_schema`` (a whole schema) is for the rules not yet declared with ``Option``.
    """

    def wrap(func: CheckFunction) -> Rule:
        defaults, schema = declare_options(options or {}, options_schema)
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


def declare_options(options: Mapping[str, Any], schema: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """A rule's option defaults and the JSON Schema every configured value is checked against.

    Each option's schema is its :class:`Option` schema, or else inferred from its default;
    a whole ``schema`` given by the rule replaces them.
    """
    defaults: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for key, value in options.items():
        declared = value if isinstance(value, Option) else Option(value)
        defaults[key] = declared.default
        properties[key] = dict(declared.schema) if declared.schema is not None else _inferred_schema(declared.default)
        if declared.description:
            properties[key]["description"] = declared.description
    if schema:
        return defaults, dict(schema)
    return defaults, {"type": "object", "properties": properties, "additionalProperties": False}


def _inferred_schema(default: Any) -> dict[str, Any]:
    """The JSON-Schema type of an option's default, so every option is validated."""
    if isinstance(default, bool):
        return {"type": "boolean"}
    if isinstance(default, int):
        return {"type": "integer"}
    if isinstance(default, float):
        return {"type": "number"}
    if isinstance(default, str):
        return {"type": "string"}
    if isinstance(default, (list, tuple)):
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(default, dict):
        return {"type": "object"}
    return {}


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

@dataclass(eq=False, repr=False)  # nothing compares or prints a whole registry
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


def rules_in_package(package: str) -> tuple[Rule, ...]:
    """The rules of a package that keeps one rule per module, ordered by code.

    A family package (``checks/dates/``) says ``RULES = rules_in_package(__name__)``, so adding a
    rule is adding its own module: no list to edit. Modules whose name starts with ``_`` hold the
    family's shared engine and are not imported here."""
    import importlib
    import os

    root = importlib.import_module(package)
    found: list[Rule] = []
    for folder in root.__path__:
        for entry in sorted(os.listdir(folder)):
            if entry.endswith(".py") and not entry.startswith("_"):
                module = importlib.import_module(f"{package}.{entry[:-3]}")
                found.extend(value for value in vars(module).values() if isinstance(value, Rule))
    return tuple(sorted(found, key=lambda found_rule: found_rule.code))


def load_registry(extra_modules: Iterable[tuple[str, Any]] = (), errors: list[str] | None = None) -> Registry:
    """Built-in and plugin rules, all through the ``reportlint.rules`` entry-point group.

    reportlint's own rules are the entry point ``RL`` of its own distribution, so they load
    exactly as a plugin's do. ``extra_modules`` are local plugins: ``(owner, module or rules)``.
    With ``errors``, a plugin that fails to load is reported there and skipped, and the
    others still load.
    """
    from importlib.metadata import entry_points

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

    for entry in sorted(entry_points(group=RULES_GROUP), key=lambda e: (e.name != "RL", e.name)):
        if entry.name in loaded_prefixes:
            continue
        loaded_prefixes.add(entry.name)
        add_all(entry.name, functools.partial(_import_entry, entry), entry.name)
    if "RL" not in loaded_prefixes:
        raise RuleError(f"reportlint's own rules are not registered (no entry point RL in {RULES_GROUP!r}): install reportlint, e.g. pip install -e .")
    for owner, target in extra_modules:
        add_all(owner, functools.partial(_identity, target), None)
    return registry


def _identity(value: Any) -> Any:
    return value


def _import_entry(entry: EntryPoint) -> Any:
    try:
        return entry.load()
    except (Exception, SystemExit, GeneratorExit) as exc:  # noqa: BLE001 - a broken plugin must not stop the others, nor end the run
        raise RuleError(f"plugin {entry.name!r} ({entry.value}) failed to import: {type(exc).__name__}: {exc}") from exc


# ---------------------------------------------------------------- selection

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
    Off-by-default rules run only when named by full code or name (or by the profile);
    preview rules likewise, or with ``preview`` wherever a selector covers them. A rule is
    preview while its measured precision on real reports is too low (``reportlint._accuracy``).
    """
    chosen: dict[str, Rule] = {}

    def include(selectors: Iterable[str], force: bool) -> None:
        for selector in selectors:
            explicit = force or _is_explicit(registry, selector)
            for candidate in registry.matches(selector):
                if candidate.status == "removed" or (candidate.status == "preview" and not (preview or explicit)):
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
