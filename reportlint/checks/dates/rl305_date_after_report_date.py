"""RL305: an event dated after the report that describes it."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, precedes, rule

from reportlint.checks.dates._events import events, zone_margin
from reportlint.checks.dates._options import DAY_ORDER, EVENT_LABELS, PLANS, REPORT_LABELS, TIMELINE
from reportlint.checks.dates._report_date import report_dating


@rule(code="RL305", name="date-after-report-date", summary="An event cannot be dated after the report that describes it", severity=Severity.WARNING, tags=("dates",), options={**DAY_ORDER, **TIMELINE, **PLANS, **EVENT_LABELS, **REPORT_LABELS})
def date_after_report_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags timeline entries and incident-phase dates that fall after the report date. The
    report date is the front-matter `date` (or `published`), else the latest of the Report
    Date, Published, Updated and Revised fields, else a `YYYY/MM/DD` segment of the
    front-matter `path` or `permalink`. A date in the title or the opening sentence dates
    the incident, not the report, so it is not compared. Plans and due dates are not
    events; dates whose year or day was inferred are not checked.

    ## Why is this bad?
    A report cannot describe what had not happened when it was written: either the event
    date or the report date is wrong, or the report was updated without saying so.

    ## Example
    ```markdown
    ---
    date: 2024-05-20
    ---
    | 2024-06-02 09:00 | Service restored |
    ```
    Use instead: correct the date, or add an `Updated: 2024-06-03` field.

    ## Options
    - `report-date-labels`: field labels that give the report date.
    - `incident-labels`, `discovery-labels`, `containment-labels`, `resolution-labels`:
      event fields checked besides timeline entries.
    - `timeline-sections`, `plan-sections`, `day-order`: as for RL304.
    """
    found = ctx.analysis(report_dating, tuple(ctx.options["report-date-labels"]))
    if found is None or not found.written:
        return
    reported = found.match
    for value, span, text in events(ctx):
        if precedes(reported, value, zone_margin(reported, value)):
            yield ctx.finding(span, f'event date "{text}" is after the report date ({reported.text})')
