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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reportlint._document import Comment, Document
from reportlint._finding import Finding
from reportlint._positions import Span
from reportlint._registry import Registry, RuleContext

UNUSED, UNKNOWN, NO_REASON = "RL001", "RL002", "RL003"
_DIRECTIVE = re.compile(
    r"<!--\s*reportlint-(?P<kind>disable-next-lines|disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?![\w-])(?P<body>.*?)-->\Z",
    re.DOTALL,
)
_COUNT = re.compile(r"\s*(\d+)")
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
_SELECTOR = re.compile(r"[^\s,]+")


@dataclass
class Selector:
    text: str
    span: Span
    codes: frozenset[str] | None  # None: unknown
    used: bool = False


@dataclass
class Directive:
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
        match = _DIRECTIVE.match(comment.text.strip())
        if match is None:
            continue
        kind, body = match.group("kind"), match.group("body")
        body_at = comment.text.index(body, comment.text.index("reportlint-")) if body else 0
        count = 1
        if kind == "disable-next-lines":
            number = _COUNT.match(body)
            if number is None:
                continue  # not a complete directive: the count is missing
            count = int(number.group(1))
            body_at += number.end()
            body = body[number.end() :]
        reason_match = _REASON.search(body)
        selector_text = body[: reason_match.start()] if reason_match else body
        reason = body[reason_match.end() :].strip() if reason_match else ""
        offset = doc.index.line_start(comment.span.start.line - 1) + comment.span.start.column - 1 + body_at
        selectors = [
            Selector(m.group(), doc.span(offset + m.start(), offset + m.end()), _resolve(known, m.group()))
            for m in _SELECTOR.finditer(selector_text)
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


# A directive covering fewer lines than this is filed under each line it covers; wider ones
# (disable, disable-file, long disable-next-lines) are few and checked for every finding.
_FILED_LINES = 64


class _Coverage:
    """The directives that may cover each line: a finding looks at its own line's directives,
    not at every directive (a report with a suppression per field has thousands)."""

    def __init__(self, disables: Sequence[Directive], enables: Sequence[Directive]) -> None:
        self.enables = enables
        self.by_line: dict[int, list[Directive]] = {}
        self.wide: list[Directive] = []
        self.ends: dict[tuple[int, str], int] = {}
        for directive in disables:
            if directive.last - directive.first < _FILED_LINES:
                for line in range(directive.first, directive.last + 1):
                    self.by_line.setdefault(line, []).append(directive)
            else:
                self.wide.append(directive)

    def at(self, line: int) -> Iterable[Directive]:
        return (*self.by_line.get(line, ()), *self.wide)

    def disable_end(self, directive: Directive, code: str) -> int:
        """Last line a ``disable`` region covers for ``code``: the line before its enable."""
        key = (id(directive), code)
        end = self.ends.get(key)
        if end is None:
            end = self.ends[key] = next(
                (e.comment.span.start.line - 1 for e in self.enables if e.comment.span.start.line >= directive.first and e.covers(code)),
                directive.last,
            )
        return end


def _suppressor(finding: Finding, coverage: _Coverage) -> list[tuple[Directive, Selector | None]]:
    """Every directive (and its selector) that covers ``finding``."""
    line = finding.span.start.line
    hits: list[tuple[Directive, Selector | None]] = []
    for directive in coverage.at(line):
        if not directive.first <= line <= directive.last:
            continue
        named = directive.covers(finding.code)
        if named is None:
            continue
        if directive.kind == "disable" and line > coverage.disable_end(directive, finding.code):
            continue
        hits.append((directive, named if isinstance(named, Selector) else None))
    return hits


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
    coverage = _Coverage([d for d in directives if d.kind != "enable"], [d for d in directives if d.kind == "enable"])
    kept: list[Finding] = []
    for finding in findings:
        hits = _suppressor(finding, coverage)
        for directive, selector in hits:
            directive.used = True
            if selector is not None:
                selector.used = True
        if not hits:
            kept.append(finding)
    meta = [*_meta_findings(directives, enabled, context_for)]
    comment_on_line: dict[int, Comment] = {}  # the first directive's comment on each line
    for directive in directives:
        for line in range(directive.comment.span.start.line, directive.comment.span.end.line + 1):
            comment_on_line.setdefault(line, directive.comment)
    for finding in meta:  # other directives may silence the bookkeeping too, without counting as used
        own = comment_on_line.get(finding.span.start.line)
        if not any(d.comment is not own for d, _ in _suppressor(finding, coverage)):
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

