"""The findings of one kind of ungrounded fact: what RL440, RL441 and RL442 share."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from reportlint.api import Document, Finding, RuleContext, Severity

if TYPE_CHECKING:
    from reportlint.checks.grounding._facts import Fact, FactKind


def ungrounded(doc: Document, ctx: RuleContext, kind: FactKind, allowed: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """One finding per distinct ungrounded fact, at its first mention; info when the source is truncated."""
    if not doc.source_material:  # most reports: _facts is not even imported
        return
    from reportlint.checks.grounding._facts import grounding

    found = ctx.analysis(grounding)
    if found is None:
        return
    first: dict[str, Fact] = {}
    lines: dict[str, list[int]] = {}
    for fact in found.facts:
        if fact.kind != kind or fact.grounded or fact.text.casefold() in allowed:
            continue
        first.setdefault(fact.key, fact)
        lines.setdefault(fact.key, []).append(fact.span.start.line)
    for key, fact in first.items():
        again = sorted(set(lines[key][1:]) - {fact.span.start.line})
        notes = [fact.detail] if fact.detail else []
        if again:
            notes.append("also on line" + ("s " if len(again) > 1 else " ") + ", ".join(map(str, again)))
        detail = "; ".join(notes) or None
        if found.truncated:
            message = f'"{fact.text}" does not appear in the source material, which is truncated, so it cannot be verified'
            yield ctx.finding(fact.span, message, detail=detail, severity=Severity.INFO)
        else:
            yield ctx.finding(fact.span, f'"{fact.text}" does not appear in the source material', detail=detail)
