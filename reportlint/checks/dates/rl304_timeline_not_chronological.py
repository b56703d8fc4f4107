"""RL304: a timeline entry earlier than the one before it."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, precedes, rule

from reportlint.checks.dates._options import DAY_ORDER, PLANS, TIMELINE
from reportlint.checks.dates._timeline import Entry, timelines


@rule(code="RL304", name="timeline-not-chronological", summary="Timeline entries must be in chronological order", severity=Severity.WARNING, tags=("dates",), options={**DAY_ORDER, **TIMELINE, **PLANS})
def timeline_not_chronological(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    In a section titled like "Timeline", reads the dated rows of each table, the dated
    items of its lists and the `Date/Time` fields of its subsections, and flags the first
    entry that is earlier than the one before it. Partial dates are ranges ("May 2024"
    is not before "2024-05-14"); a time without a date takes the last stated date and
    may cross midnight (a time more than 6 hours earlier than the previous one is taken
    to be on the next day).

    ## Why is this bad?
    An entry out of order is either a typo in its date or an event filed in the wrong
    place. Readers take the order of a timeline as the order of events.

    ## Example
    ```markdown
    | Time             | Event              |
    | ---------------- | ------------------ |
    | 2024-05-14 10:00 | Alert fired        |
    | 2024-05-14 09:30 | Host isolated      |
    ```
    Use instead: fix the date, or move the row where it belongs.

    ## Options
    - `timeline-sections`: words that mark a timeline section title.
    - `plan-sections`: section titles whose dates are plans, never events.
    - `day-order`: `"dmy"` or `"mdy"`, how numeric dates are read.
    """
    for timeline in timelines(ctx):
        previous: Entry | None = None
        for entry in timeline.entries:
            if previous is not None and precedes(entry.value, previous.value):
                yield ctx.finding(entry.span, f'timeline entry "{entry.match.text}" is earlier than the entry before it ("{previous.match.text}")')
            previous = entry
