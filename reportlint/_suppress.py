"""Inline suppression: ``<!-- reportlint-disable ... -->`` directives and the RL0 bookkeeping.

Runs after every rule and before formatting. Directives come only from ``doc.comments``
(real HTML comments outside code), so a comment shown in a code block is inert::

    <!-- reportlint-disable RL401 RL403 -->            until a matching enable, or end of file
    <!-- reportlint-enable RL401 RL403 -->
    <!-- reportlint-disable-next-line RL301 -- reason -->
    text <!-- reportlint-disable-line RL401 -->
    <!-- reportlint-disable-file RL5 -->
    <!-- reportlint-disable-next-lines 6 RL4 -->

Selectors are codes, prefixes or rule names; none means every rule. A finding is
suppressed when its start line is covered. This module also produces the findings of
RL001 (unused suppression), RL002 (unknown rule) and RL003 (no reason), whose metadata
lives in ``reportlint/checks/meta/``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reportlint._dates import lazy_regex
from reportlint._document import Comment, Document
from reportlint._finding import Finding
from reportlint._positions import Span
from reportlint._registry import Registry, RuleContext

UNUSED, UNKNOWN, NO_REASON = "RL001", "RL002", "RL003"
# Compiled by lazy_regex: most reports have no directive, and many no comment at all.
_DIRECTIVE = (
    r"(?s)<!--\s*reportlint-(?P<kind>disable-next-lines|disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?![\w-])(?P<body>.*?)-->\Z"
)
_COUNT = r"\s*(\d+)"
_REASON = r"(?:^|\s)--(?:\s|$)"
_SELECTOR = r"[^\s,]+"


@dataclass(eq=False, repr=False)  # like Directive: nothing compares or prints one
class Selector:
    """One rule named by a suppression comment, with the codes it stands for and whether it was used."""

    text: str
    span: Span
    codes: frozenset[str] | None  # None: unknown
    used: bool = False


@dataclass(eq=False, repr=False)  # nothing compares or prints one: no methods to compile at import
class Directive:
    """One suppression comment: its kind, the rules it names, its reason and the lines it covers."""

    kind: str
    comment: Comment
    selectors: list[Selector]
    reason: str
    first: int  # first covered line
    last: int  # last covered line (for "disable": until the matching enable)
    used: bool = False
    splits_table: bool = False  # on its own line between two table rows: Markdown ends the table there

    def covers(self, code: str) -> Selector | None | bool:
        """The selector naming ``code``, True when the directive names no rule, else None."""
        if not self.selectors:
            return True
        return next((s for s in self.selectors if s.codes is not None and code in s.codes), None)


def parse_directives(doc: Document, known: Registry) -> list[Directive]:
    """Directives in document order; a ``disable`` region ends at its matching ``enable``."""
    found: list[Directive] = []
    last_line = max(len(doc.lines), 1)
    table_ends: set[int] | None = None
    for comment in doc.comments:
        match = lazy_regex(_DIRECTIVE).match(comment.text.strip())
        if match is None:
            continue
        kind, body = match.group("kind"), match.group("body")
        body_at = comment.text.index(body, comment.text.index("reportlint-")) if body else 0
        count = 1
        if kind == "disable-next-lines":
            number = lazy_regex(_COUNT).match(body)
            if number is None:
                continue  # not a complete directive: the count is missing
            count = int(number.group(1))
            body_at += number.end()
            body = body[number.end() :]
        reason_match = lazy_regex(_REASON).search(body)
        selector_text = body[: reason_match.start()] if reason_match else body
        reason = body[reason_match.end() :].strip() if reason_match else ""
        offset = doc.index.line_start(comment.span.start.line - 1) + comment.span.start.column - 1 + body_at
        selectors = [
            Selector(m.group(), doc.span(offset + m.start(), offset + m.end()), _resolve(known, m.group()))
            for m in lazy_regex(_SELECTOR).finditer(selector_text)
        ]
        start, end = comment.span.start.line, comment.span.end.line
        first, last = {
            "disable-line": (start, start),
            "disable-next-line": (end + 1, end + 1),
            "disable-next-lines": (end + 1, end + count),
            "disable-file": (1, last_line),
        }.get(kind, (start, last_line))
        directive = Directive(kind, comment, selectors, reason, first, last)
        if not comment.inline and doc.tables and end < len(doc.lines) and doc.lines[end].lstrip().startswith("|"):
            if table_ends is None:
                table_ends = {t.span.end.line - (t.span.end.column == 1) for t in doc.tables}
            directive.splits_table = start - 1 in table_ends
        found.append(directive)
    return found


def _resolve(known: Registry, selector: str) -> frozenset[str] | None:
    codes = frozenset(r.code for r in known.matches(selector))
    return codes if codes or selector.upper() == "ALL" else None


class _CodeCoverage:
    """The lines that directives cover for one code, as intervals sorted two ways, so that a
    finding costs two bisections whatever the number of directives (a report with a
    disable/enable pair per field has thousands)."""

    def __init__(self, disables: Sequence[Directive], enables: Sequence[Directive], code: str) -> None:
        ends_at = [e.comment.span.start.line for e in enables if e.covers(code)]  # in document order
        self.intervals: list[tuple[int, int, Directive, Selector | None]] = []
        self.of: dict[int, tuple[int, int]] = {}
        for directive in disables:
            named = directive.covers(code)
            if named is None:
                continue
            first, last = directive.first, directive.last
            if directive.kind == "disable":  # until the first enable for the code at or after it
                at = bisect_left(ends_at, first)
                if at < len(ends_at):
                    last = min(last, ends_at[at] - 1)
            if last < first:
                continue
            self.intervals.append((first, last, directive, named if isinstance(named, Selector) else None))
            self.of[id(directive)] = (first, last)
        self.starts = sorted(i[0] for i in self.intervals)
        self.ends = sorted(i[1] for i in self.intervals)

    def count(self, line: int) -> int:
        """How many directives cover ``line``."""
        return bisect_right(self.starts, line) - bisect_left(self.ends, line)

    def covered_by(self, directive: Directive, line: int) -> bool:
        first, last = self.of.get(id(directive), (1, 0))
        return first <= line <= last


class _Coverage:
    def __init__(self, directives: Sequence[Directive]) -> None:
        self.disables = [d for d in directives if d.kind != "enable"]
        self.enables = [d for d in directives if d.kind == "enable"]
        self.codes: dict[str, _CodeCoverage] = {}

    def __call__(self, code: str) -> _CodeCoverage:
        found = self.codes.get(code)
        if found is None:
            found = self.codes[code] = _CodeCoverage(self.disables, self.enables, code)
        return found


def apply_suppressions(
    doc: Document,
    findings: Iterable[Finding],
    known: Registry,
    enabled: frozenset[str],
    context_for: Callable[[str], RuleContext | None],
) -> list[Finding]:
    """Drop suppressed findings; add RL001/RL002/RL003 findings when those rules are enabled."""
    directives = parse_directives(doc, known)
    if not directives:
        return list(findings)
    coverage = _Coverage(directives)
    kept: list[Finding] = []
    lines: dict[str, list[int]] = {}
    for finding in findings:
        line = finding.span.start.line
        if not coverage(finding.code).count(line):
            kept.append(finding)
        lines.setdefault(finding.code, []).append(line)
    for code, found_on in lines.items():  # a directive (and its selector) is used if it covers a finding
        found_on.sort()
        for first, last, directive, selector in coverage(code).intervals:
            at = bisect_left(found_on, first)
            if at < len(found_on) and found_on[at] <= last:
                directive.used = True
                if selector is not None:
                    selector.used = True
    meta = [*_meta_findings(directives, enabled, context_for)]
    own_directive: dict[int, Directive] = {}  # the first directive on each line
    for directive in directives:
        for line in range(directive.comment.span.start.line, directive.comment.span.end.line + 1):
            own_directive.setdefault(line, directive)
    for finding in meta:  # other directives may silence the bookkeeping too, without counting as used
        line = finding.span.start.line
        codes = coverage(finding.code)
        own = own_directive.get(line)
        if codes.count(line) - (own is not None and codes.covered_by(own, line)) <= 0:
            kept.append(finding)
    return kept


def _meta_findings(directives: Sequence[Directive], enabled: frozenset[str], context_for: Callable[[str], RuleContext | None]) -> Iterable[Finding]:
    unused, unknown, no_reason = (context_for(code) for code in (UNUSED, UNKNOWN, NO_REASON))
    for directive in directives:
        for selector in directive.selectors:
            if selector.codes is None and unknown is not None:
                yield unknown.finding(selector.span, f'unknown rule "{selector.text}" in suppression comment')
        if directive.kind == "enable" and not directive.splits_table:
            continue
        if unused is not None and directive.splits_table:
            codes = " ".join(s.text for s in directive.selectors) or "CODES"
            yield unused.finding(
                directive.comment.span,
                f"suppression comment splits the table above it: the rows below are no longer part of the table; "
                f"put <!-- reportlint-disable-line {codes} --> in the row's last cell instead (before its closing |)",
            )
        elif unused is not None:
            if not directive.selectors and not directive.used:
                yield unused.finding(directive.comment.span, "unused suppression: nothing reported here to suppress")
            for selector in directive.selectors:
                if selector.codes and not selector.used and selector.codes & enabled:
                    yield unused.finding(selector.span, f'unused suppression of "{selector.text}": nothing reported here to suppress')
        if no_reason is not None and not directive.reason:
            yield no_reason.finding(directive.comment.span, 'suppression comment gives no reason (add " -- " and the reason)')

