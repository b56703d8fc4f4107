"""Explicitly dated events: timeline entries and the fields that date an incident phase."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from reportlint.api import Analyses, DateMatch, Field, RuleContext, Span, When, analysis, leading_date

from reportlint.checks._kinds import kinds_by_title
from reportlint.checks.dates._labels import label_key, label_keys
from reportlint.checks.dates._options import PHASES, Shape, shape_of
from reportlint.checks.dates._own_dates import own_fields
from reportlint.checks.dates._plans import is_plan, is_plan_section
from reportlint.checks.dates._report_date import reference_year
from reportlint.checks.dates._timeline import timelines


def event_fields(ctx: RuleContext) -> list[tuple[str, Field, DateMatch]]:
    """(phase, field, first date) for fields labelled as an incident phase, outside plans."""
    return ctx.analysis(_event_fields, shape_of(ctx, "plan-sections", *(f"{phase}-labels" for phase in PHASES)))


@analysis
def _event_fields(analyses: Analyses, shape: Shape) -> list[tuple[str, Field, DateMatch]]:
    doc = analyses.doc
    kinds = kinds_by_title(shape.sections)
    plans = {id(s) for s in doc.sections if is_plan_section(s, shape, kinds)}
    labels = [(phase, label_keys(shape.option(f"{phase}-labels"))) for phase in PHASES]
    year = analyses.get(reference_year)
    day_first = shape.day_first
    found_fields: list[tuple[str, Field, DateMatch]] = []
    for found in own_fields(doc):
        if found.source == "front-matter" or id(found.section) in plans:
            continue
        key = label_key(found.name)
        phase = next((p for p, keys in labels if key in keys), None) if key else None
        if phase is None or is_plan(found.value):
            continue
        match = leading_date(found.value, year=year, day_first=day_first)  # not "restored from the 2024-05-01 backup"
        if match is not None and match.value is not None and match.value.has_date and not match.ambiguous:
            found_fields.append((phase, found, match))
    return found_fields


def zone_margin(first: DateMatch | When, second: DateMatch | When) -> timedelta:
    """14 hours when a clock time is compared with a date or time whose zone is unknown:
    "2018-07-06 00:38" may still be the 5th where the report was dated."""
    clock = any(_clock_of(item) for item in (first, second))
    return timedelta(0) if not clock or (first.zoned and second.zoned) else timedelta(hours=14)


def _clock_of(item: DateMatch | When) -> bool:
    value = item.value if isinstance(item, DateMatch) else item
    return value is not None and value.has_time


def value_span(found: Field, match: DateMatch) -> Span:
    """Where ``match``, a date found in the value of ``found``, is in the source."""
    return found.value_span_of(match.start, match.end)


def events(ctx: RuleContext) -> Iterator[tuple[DateMatch | When, Span, str]]:
    """Explicitly dated events: timeline entries and incident-phase fields (value, span, text)."""
    for timeline in timelines(ctx):
        for entry in timeline.entries:
            if entry.explicit:
                yield entry.value, entry.span, entry.match.text
    for _, found, match in event_fields(ctx):
        if match.value is not None and not match.value.year_inferred:
            yield match, value_span(found, match), match.text
