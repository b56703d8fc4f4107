"""RL308: an event dated later than today."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from reportlint.api import Document, Finding, Precision, RuleContext, Severity, When, precedes, rule

from reportlint.checks.dates._events import events, zone_margin
from reportlint.checks.dates._options import DAY_ORDER, EVENT_LABELS, PLANS, TIMELINE, TODAY


@rule(code="RL308", name="date-in-future", summary="An event cannot be dated in the future", severity=Severity.WARNING, tags=("dates",), options={**DAY_ORDER, **TIMELINE, **PLANS, **EVENT_LABELS, **TODAY})
def date_in_future(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags timeline entries and incident-phase dates later than today. Plans and due
    dates are not events; dates whose year or day was inferred are not checked.

    ## Why is this bad?
    Something that has not happened yet cannot be in a timeline of what happened. The
    year is usually mistyped (2052 for 2025), or a plan was written as a fact.

    ## Example
    ```markdown
    - **Incident Date:** 2052-05-11
    ```
    Use instead:
    ```markdown
    - **Incident Date:** 2025-05-11
    ```

    ## Options
    - `today`: the date to compare with, as `YYYY-MM-DD` (default: the real date), so
      that checks of old reports and tests are reproducible.
    - `incident-labels`, `discovery-labels`, `containment-labels`, `resolution-labels`,
      `timeline-sections`, `plan-sections`, `day-order`: as for RL305 and RL304.
    """
    today = date.fromisoformat(ctx.options["today"]) if ctx.options["today"] else date.today()
    now = When(Precision.DAY, today.year, today.month, today.day)
    for value, span, text in events(ctx):
        if precedes(now, value, zone_margin(now, value)):
            yield ctx.finding(span, f'event date "{text}" is in the future (today is {today.isoformat()})')
