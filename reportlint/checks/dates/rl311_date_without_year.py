"""RL311: a day and month with no year, in a report that states no year at all."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import DateMatch, Document, Finding, Precision, RuleContext, Severity, find_dates, rule

from reportlint.checks.dates._own_dates import own_matches
from reportlint.checks.dates._report_date import reference_year


@rule(code="RL311", name="date-without-year", summary="A day and month need a year when the report states none", severity=Severity.WARNING, tags=("dates",))
def date_without_year(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports the first date written as a day and month only ("On 28th February", "March 9")
    in a report that gives no year anywhere: no report date (front matter, a Report Date
    field, a dated `path`), no full date, no year in a heading or a date column's header
    ("| Date (2021) |") and no year in the text, its footnotes or its quotations. A year given only in a quarter ("Q2 2024",
    usually a plan) does not count. Reported once per report.

    ## Why is this bad?
    A report is read years later and copied out of its original site. Without a year
    anywhere, "28th February" cannot be placed on a timeline, compared with a patch date,
    or checked at all.

    ## Example
    ```markdown
    # Flags outage

    On 28th February, the flags service went down for three hours.
    ```
    Use instead:
    ```markdown
    On 28 February 2024, the flags service went down for three hours.
    ```
    """
    if ctx.analysis(reference_year) is not None:
        return
    first = next(((run, m) for run, m in ctx.analysis(own_matches, None) if _yearless_day(m)), None)
    if first is None or _states_a_year(doc):
        return
    run, match = first
    yield ctx.finding(run.span(match.start, match.end), f'date "{match.text.rstrip(".")}" has no year, and the report states no year anywhere')


def _yearless_day(match: DateMatch) -> bool:
    value = match.value
    return value is not None and value.year is None and value.month is not None and value.day is not None


def _states_a_year(doc: Document) -> bool:
    """Whether any text of the report, footnotes and quotations too, states a year (other
    than in a quarter: "Q2 2024" is usually a plan)."""
    texts = [run.prose for run in doc.runs] + [found.value for found in doc.fields if found.source == "front-matter"]
    for text in texts:
        for match in find_dates(text):
            value = match.value
            if value is not None and value.year is not None and value.precision != Precision.QUARTER:
                return True
    return False
