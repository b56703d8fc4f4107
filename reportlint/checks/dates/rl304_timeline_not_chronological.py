"""RL304: a timeline entry earlier than the one before it."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import DateMatch, Document, Finding, Precision, RuleContext, Section, Severity, find_dates, leading_date, precedes, rule

from reportlint.checks.dates._events import zone_margin
from reportlint.checks.dates._options import DAY_ORDER, PLANS, TIMELINE, day_first
from reportlint.checks.dates._own_dates import own_runs
from reportlint.checks.dates._plans import is_plan, matches_title
from reportlint.checks.dates._timeline import Entry, timelines


@rule(code="RL304", name="timeline-not-chronological", summary="Timeline entries must be in chronological order", severity=Severity.WARNING, tags=("dates",), options={**DAY_ORDER, **TIMELINE, **PLANS})
def timeline_not_chronological(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    In a section titled like "Timeline", reads the dated rows of each table, the dated
    items of its lists and the `Date/Time` fields of its subsections, and flags the first
    entry that is earlier than the one before it. Partial dates are ranges ("May 2024"
    is not before "2024-05-14"); a time without a date takes the last stated date and
    may cross midnight (a time more than 6 hours earlier than the previous one is taken
    to be on the next day). When a heading above the timeline states a range of days
    ("Timeline 01/16/2024 - 02/28/2024"), an entry whose stated date falls outside it (in
    every reading of an ambiguous date) is reported on the heading.

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
    yield from _outside_heading_range(doc, ctx)


def _outside_heading_range(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """The first entry of a timeline section (a paragraph, list item or table cell that opens
    with a date and its year) outside the range of days its heading states."""
    names = ctx.options["timeline-sections"]
    ranges = {
        id(section): (section, stated) for section in doc.sections
        if any(map(str.isdigit, section.title)) and (stated := _day_range(section.title)) is not None and matches_title(section, names)
    }
    if not ranges:
        return  # most reports: no timeline heading states a range of days
    reported: set[int] = set()
    order = day_first(ctx)
    for run in ctx.analysis(own_runs):
        heading = _nearest(run.section, ranges) if run.kind != "heading" else None
        if heading is None or id(heading[0]) in reported:
            continue
        match = leading_date(run.prose, day_first=order)
        if match is None or is_plan(run.prose) or match.value is None or not match.value.has_date or match.value.year_inferred or not _outside(match, heading[1]):
            continue
        reported.add(id(heading[0]))
        yield ctx.finding(heading[0].title_span, f'timeline entry "{match.text}" is outside the dates its heading states ({heading[1].text})')


def _day_range(title: str) -> DateMatch | None:
    """The range of days a heading states ("Timeline 01/16/2024 - 02/28/2024")."""
    for match in find_dates(title):
        if match.is_range and match.end_value is not None and match.end_value.precision >= Precision.DAY and not match.ambiguous and match.value is not None and match.value.has_date:
            return match
    return None


def _nearest(section: Section | None, ranges: dict[int, tuple[Section, DateMatch]]) -> tuple[Section, DateMatch] | None:
    while section is not None:
        if id(section) in ranges:
            return ranges[id(section)]
        section = section.parent
    return None


def _outside(match: DateMatch, stated: DateMatch) -> bool:
    """Whether every reading of ``match`` falls outside the range ``stated`` (a day of slack
    when a time of day meets a range whose zone is unknown)."""
    readings = match.readings or ((match.value,) if match.value is not None else ())
    margin = zone_margin(match, stated)
    return bool(readings) and all(precedes(value, stated, margin) or precedes(stated, value, margin) for value in readings)
