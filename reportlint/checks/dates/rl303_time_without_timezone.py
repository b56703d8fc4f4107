"""RL303: a timeline time of day that no time zone covers."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.dates._options import DAY_ORDER, PLANS, TIMELINE
from reportlint.checks.dates._timeline import timelines


@rule(code="RL303", name="time-without-timezone", summary="Timeline times need a time zone or an 'All times in UTC' note", severity=Severity.INFO, tags=("dates",), options={**DAY_ORDER, **TIMELINE, **PLANS})
def time_without_timezone(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports the first time of day without a time zone in each timeline that no note such
    as "All times in UTC" (or a "Time (UTC)" column header) covers.

    ## Why is this bad?
    Incidents cross time zones: the responder's laptop, the server logs and the vendor's
    status page rarely agree. "14:02" alone can be off by hours.

    ## Example
    ```markdown
    ## Timeline
    - 2024-05-14 14:02: alert fired
    ```
    Use instead:
    ```markdown
    ## Timeline
    All times in UTC.
    - 2024-05-14 14:02: alert fired
    ```

    ## Options
    - `timeline-sections`, `plan-sections`, `day-order`: as for RL304.
    """
    for timeline in timelines(ctx):
        if timeline.zone_note:
            continue
        entry = next((e for e in timeline.entries if e.value.has_time and e.match.value is not None and not e.match.value.tz), None)
        if entry is not None:
            yield ctx.finding(entry.span, f'time "{entry.match.text}" has no time zone and no note such as "All times in UTC" covers the timeline')
