"""Declarative pattern rules from packs (``[[patterns]]``), compiled into Rule objects.

Four kinds, a small subset of Vale's:

- ``existence``: flag every match of ``pattern`` (or of any word in ``tokens``);
- ``substitution``: flag each key of ``swap`` and suggest its value;
- ``occurrence``: flag a scope with more than ``max`` (or fewer than ``min``) matches;
- ``conditional``: flag ``first`` when ``second`` is absent from the same scope.

Scopes: ``heading``, ``paragraph``, ``sentence``, ``list``, ``table.cell``, ``text`` (every
text run) and ``section`` (the body of the sections titled ``section = "..."``). Quoted
source material is never matched. Each pattern is validated when its pack is loaded.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlint._document import Document
from reportlint._text import normalize_title
from reportlint._finding import Finding, Severity
from reportlint._packs import PackError, builtin_pack_dir
from reportlint._positions import Span
from reportlint._registry import _CODE, _NAME, Rule, RuleContext, rule

if sys.version_info >= (3, 11):  # the regex parser moved in Python 3.11
    from re import _constants as _sre, _parser as _sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover - Python 3.10 only
    import sre_constants as _sre
    import sre_parse as _sre_parse

KINDS = ("existence", "substitution", "occurrence", "conditional")
SCOPES = ("heading", "paragraph", "sentence", "list", "table.cell", "text", "section")
_RUN_KINDS = {"heading": ("heading",), "paragraph": ("paragraph",), "list": ("list_item",), "table.cell": ("table_cell",)}
_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name))

# One piece of text a pattern is matched in: its prose and how to map offsets to the source.
Segment = tuple[str, Callable[[int, int], Span]]


def _fail(where: str, problem: str) -> PackError:
    return PackError(f"{where}: {problem}")


def _nested_quantifier(parsed: Any, inside: bool = False) -> bool:
    """A repeated group that itself contains a repetition: ``(a+)+``, catastrophic backtracking."""
    for op, arg in parsed:
        if op in _REPEATS:
            low, high, sub = arg
            repeats = high > 1
            if (repeats and inside) or _nested_quantifier(sub, inside or repeats):
                return True
        elif op == _sre.SUBPATTERN:
            if _nested_quantifier(arg[-1], inside):
                return True
        elif op == _sre.BRANCH:
            if any(_nested_quantifier(branch, inside) for branch in arg[1]):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT) and _nested_quantifier(arg[1], inside):
            return True
    return False


@lru_cache(maxsize=1)
def _sample() -> tuple[frozenset[str], dict[str, re.Pattern[str]]]:
    """Characters a first-character set is sampled on (Latin, punctuation, typographic dashes and
    quotes), and the classes ``\\d``, ``\\s``, ``\\w`` and their negations; built on first use."""
    sample = frozenset(chr(c) for c in range(0x250)) | frozenset("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00a0\u2003")
    classes = {name: re.compile(f"[{cls}]") for name, cls in (
        ("CATEGORY_DIGIT", r"\d"), ("CATEGORY_NOT_DIGIT", r"\D"), ("CATEGORY_SPACE", r"\s"), ("CATEGORY_NOT_SPACE", r"\S"),
        ("CATEGORY_WORD", r"\w"), ("CATEGORY_NOT_WORD", r"\W"),
    )}
    return sample, classes


def _class_chars(items: Any) -> frozenset[str]:
    """The sampled characters a ``[...]`` class matches."""
    sample, classes = _sample()
    negate = bool(items) and items[0][0] == _sre.NEGATE
    found = set()
    for op, arg in items[1:] if negate else items:
        if op == _sre.LITERAL:
            found.add(chr(arg))
        elif op == _sre.RANGE:
            found |= {c for c in sample if arg[0] <= ord(c) <= arg[1]}
        elif op == _sre.CATEGORY:
            pattern = classes.get(str(arg))
            found |= {c for c in sample if pattern is None or pattern.match(c)}
        else:
            return sample
    return frozenset(sample - found) if negate else frozenset(found)


def _first(items: Any) -> tuple[frozenset[str], bool]:
    """The characters a sequence can begin with, and whether it can match nothing."""
    first: frozenset[str] = frozenset()
    for op, arg in items:
        chars, empty = _first_of(op, arg)
        first |= chars
        if not empty:
            return first, False
    return first, True


def _first_of(op: Any, arg: Any) -> tuple[frozenset[str], bool]:
    if op == _sre.LITERAL:
        return frozenset(chr(arg)), False
    if op == _sre.IN:
        return _class_chars(arg), False
    if op in _REPEATS:
        chars, empty = _first(arg[2])
        return chars, empty or arg[0] == 0
    if op == _sre.SUBPATTERN:
        return _first(arg[-1])
    if op == _sre.BRANCH:
        firsts = [_first(branch) for branch in arg[1]]
        return frozenset().union(*(f for f, _ in firsts)), any(e for _, e in firsts)
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return frozenset(), True
    return _sample()[0], False  # any character, a back-reference, ...


def _flat(items: Any) -> list[Any]:
    out: list[Any] = []
    for op, arg in items:
        out.extend(_flat(arg[-1]) if op == _sre.SUBPATTERN else [(op, arg)])
    return out


def _ambiguous_body(body: Any) -> bool:
    """A repeated body that can split one text in two ways: ``(?:a|aa)*`` (parsed ``(?:a(?:|a))*``)
    or ``(?:ab|ac?a)*``: an optional part, or alternatives, that can begin like what follows them
    (the rest of the body, then the body again). Sampled on the characters of :func:`_sample`."""
    items = _flat(body)
    start, _ = _first(items)
    for index, (op, arg) in enumerate(items):
        if op == _sre.BRANCH:
            firsts = [_first(branch) for branch in arg[1]]
            if sum(empty for _, empty in firsts) > 1 or any(a & b for i, (a, _) in enumerate(firsts) for b, _ in firsts[i + 1 :]):
                return True
        chars, empty = _first_of(op, arg)
        if not empty and not (op in _REPEATS and arg[0] != arg[1]):
            continue
        follow, rest_empty = _first(items[index + 1 :])
        if chars & (follow | start if rest_empty else follow):
            return True
    return False


def _ambiguous_repeat(parsed: Any) -> bool:
    """A repetition whose body is ambiguous: backtracking tries every split of the text."""
    for op, arg in parsed:
        if op in _REPEATS:
            if arg[1] > 1 and _ambiguous_body(arg[2]) or _ambiguous_repeat(arg[2]):
                return True
        elif op == _sre.SUBPATTERN:
            if _ambiguous_repeat(arg[-1]):
                return True
        elif op == _sre.BRANCH:
            if any(_ambiguous_repeat(branch) for branch in arg[1]):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT) and _ambiguous_repeat(arg[1]):
            return True
    return False


def compile_regex(source: Any, where: str, ignorecase: bool) -> re.Pattern[str]:
    if not isinstance(source, str) or not source:
        raise _fail(where, "must be a non-empty regular expression string")
    flags = re.IGNORECASE if ignorecase else 0
    try:
        compiled = re.compile(source, flags)
        parsed = _sre_parse.parse(source, flags)
    except re.error as exc:
        raise _fail(where, f"invalid regular expression {source!r}: {exc}") from None
    if _nested_quantifier(parsed):
        raise _fail(where, f"regular expression {source!r} nests a repetition inside a repetition (catastrophic backtracking); rewrite it without the nesting")
    if _ambiguous_repeat(parsed):
        raise _fail(where, f"regular expression {source!r} repeats a part that can match the same text in two ways, such as (?:a|aa)* (catastrophic backtracking); make the alternatives start differently")
    if compiled.search("") is not None:
        raise _fail(where, f"regular expression {source!r} matches the empty string")
    return compiled


def _segments(doc: Document, scope: str, titles: frozenset[str]) -> Iterator[list[Segment]]:
    """The scope units of ``doc``: each a list of segments matched together."""
    if scope == "sentence":
        for sentence in doc.sentences:
            if not sentence.quoted:
                yield [(sentence.prose, sentence.span_of)]
        return
    if scope == "section":
        for section in doc.sections:
            if normalize_title(section.title) in titles:
                yield [(run.prose, run.span) for sub in section.walk() for run in sub.runs if run.kind != "heading" and not run.quoted]
        return
    kinds = _RUN_KINDS.get(scope)
    for run in doc.runs:
        if run.quoted or run.kind == "front_matter" or (kinds is not None and run.kind not in kinds):
            continue
        yield [(run.prose, run.span)]


def _matches(regex: re.Pattern[str], unit: Sequence[Segment]) -> Iterator[tuple[re.Match[str], Callable[[int, int], Span]]]:
    for text, span_of in unit:
        for match in regex.finditer(text):
            yield match, span_of


def _format(message: str, where: str, **values: str) -> str:
    try:
        return message.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise _fail(where, f"message {message!r} uses an unknown placeholder ({exc}); allowed: {', '.join('{' + v + '}' for v in values)}") from None


def compile_pattern(entry: Mapping[str, Any], where: str, user_pack: bool) -> Rule:
    """One ``[[patterns]]`` table -> a Rule; any semantic problem is a PackError naming ``where``."""
    code = str(entry.get("code", ""))
    where = f"{where} ({code})" if code else where
    match = _CODE.fullmatch(code)
    if match is None:
        raise _fail(where, f"code {code!r} must be 2-6 capitals and 3 digits (ACME101)")
    if user_pack and match.group("prefix") == "RL":
        raise _fail(where, f"code {code} uses the RL prefix reserved for reportlint's own rules; use your own prefix such as ACME101")
    name = str(entry.get("name", ""))
    if not _NAME.fullmatch(name):
        raise _fail(where, f"name {name!r} must be kebab-case (lower-case words joined by '-')")
    kind, scope = entry.get("kind"), entry.get("scope", "text")
    if kind not in KINDS:
        raise _fail(where, f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if scope not in SCOPES:
        raise _fail(where, f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    titles: frozenset[str] = frozenset()
    if scope == "section":
        wanted = entry.get("section")
        wanted = [wanted] if isinstance(wanted, str) else wanted
        if not wanted or not all(isinstance(t, str) and t for t in wanted):
            raise _fail(where, 'scope "section" needs section = "Title" (or a list of titles)')
        titles = frozenset(normalize_title(t) for t in wanted)
    message = entry.get("message")
    if not isinstance(message, str) or not message:
        raise _fail(where, "needs a message")
    ignorecase = bool(entry.get("ignorecase", False))
    check = _CHECKS[kind](entry, where, ignorecase, message)
    severity = entry.get("severity", "warning")
    if severity not in {s.value for s in Severity}:
        raise _fail(where, f"severity {severity!r} is not one of error, warning, info")

    def pattern_rule(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for unit in _segments(doc, scope, titles):
            yield from check(unit, ctx)

    pattern_rule.__doc__ = f"## What it does\n{entry.get('description') or message} (a `{kind}` pattern, scope `{scope}`)."
    pattern_rule.__module__ = "pack"
    return rule(code=code, name=name, summary=str(entry.get("summary") or message), severity=Severity(severity), tags=("pattern", kind))(pattern_rule)


Check = Callable[[Sequence[Segment], RuleContext], Iterator[Finding]]


def _existence(entry: Mapping[str, Any], where: str, ignorecase: bool, message: str) -> Check:
    if "tokens" in entry:
        tokens = entry["tokens"]
        if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) and t for t in tokens):
            raise _fail(where, "tokens must be a non-empty list of strings")
        for i, token in enumerate(tokens):
            compile_regex(token, f"{where}: tokens[{i}]", ignorecase)
        regex = compile_regex(r"\b(?:" + "|".join(tokens) + r")\b", where, ignorecase)
    else:
        regex = compile_regex(entry.get("pattern"), f"{where}: pattern", ignorecase)
    _format(message, where, match="x")

    def check(unit: Sequence[Segment], ctx: RuleContext) -> Iterator[Finding]:
        for match, span_of in _matches(regex, unit):
            yield ctx.finding(span_of(*match.span()), message.format(match=match.group()))

    return check


def _substitution(entry: Mapping[str, Any], where: str, ignorecase: bool, message: str) -> Check:
    swap = entry.get("swap")
    if not isinstance(swap, Mapping) or not swap or not all(isinstance(v, str) for v in swap.values()):
        raise _fail(where, 'swap must be a table of "found" = "replacement" strings')
    pairs = [(compile_regex(rf"\b(?:{bad})\b", f"{where}: swap.{bad}", ignorecase), good) for bad, good in swap.items()]
    _format(message, where, match="x", replacement="y")

    def check(unit: Sequence[Segment], ctx: RuleContext) -> Iterator[Finding]:
        for regex, good in pairs:
            for match, span_of in _matches(regex, unit):
                yield ctx.finding(span_of(*match.span()), message.format(match=match.group(), replacement=good))

    return check


def _occurrence(entry: Mapping[str, Any], where: str, ignorecase: bool, message: str) -> Check:
    regex = compile_regex(entry.get("pattern"), f"{where}: pattern", ignorecase)
    most, least = entry.get("max"), entry.get("min")
    for key, value in (("max", most), ("min", least)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise _fail(where, f"{key} must be a non-negative integer")
    if most is None and least is None:
        raise _fail(where, "an occurrence pattern needs max or min")
    _format(message, where, count="1")

    def check(unit: Sequence[Segment], ctx: RuleContext) -> Iterator[Finding]:
        found = list(_matches(regex, unit))
        if most is not None and len(found) > most:
            match, span_of = found[most]
            yield ctx.finding(span_of(*match.span()), message.format(count=len(found)))
        elif least is not None and len(found) < least and unit:
            text, span_of = unit[0]
            first_line = text.split("\n", 1)[0]
            yield ctx.finding(span_of(0, len(first_line)), message.format(count=len(found)))

    return check


def _conditional(entry: Mapping[str, Any], where: str, ignorecase: bool, message: str) -> Check:
    first = compile_regex(entry.get("first"), f"{where}: first", ignorecase)
    second = compile_regex(entry.get("second"), f"{where}: second", ignorecase)
    _format(message, where, match="x")

    def check(unit: Sequence[Segment], ctx: RuleContext) -> Iterator[Finding]:
        if any(second.search(text) for text, _ in unit):
            return
        for match, span_of in _matches(first, unit):
            yield ctx.finding(span_of(*match.span()), message.format(match=match.group()))

    return check


_CHECKS: dict[str, Callable[[Mapping[str, Any], str, bool, str], Check]] = {
    "existence": _existence, "substitution": _substitution, "occurrence": _occurrence, "conditional": _conditional,
}


def is_builtin_pack(source: str | None) -> bool:
    if not source:
        return True
    try:
        return Path(source).resolve().parent == builtin_pack_dir().resolve()
    except OSError:
        return False


def pattern_rules(patterns: Iterable[Mapping[str, Any]]) -> list[Rule]:
    """Compile a profile's patterns (each tagged with ``_source``, its pack file)."""
    compiled: list[Rule] = []
    per_source: dict[str | None, int] = {}
    for entry in patterns:
        source = entry.get("_source")
        number = per_source[source] = per_source.get(source, 0) + 1
        where = f"{source or 'pack'}: [[patterns]] #{number}"
        compiled.append(compile_pattern(entry, where, user_pack=not is_builtin_pack(source)))
    return compiled
