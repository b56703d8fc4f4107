"""RL306: a date or time that does not exist."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.dates._options import DAY_ORDER, day_first
from reportlint.checks.dates._own_dates import own_matches


@rule(code="RL306", name="impossible-date", summary="A date or time that does not exist (2024-02-30, 25:00)", severity=Severity.ERROR, tags=("dates",), options=DAY_ORDER)
def impossible_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags dates and times that cannot exist: a 30th of February, a 13th month, 25:00,
    14:60, a weekday that does not match its date ("Monday, 2024-05-14"), a 24-hour time
    with AM or PM ("20:24 PM": was it 8:24 PM, or is the PM wrong?), and a year that lost
    or gained a digit ("11/03/202", "20202-01-16").

    ## Why is this bad?
    An impossible date is a typo that hides the real one. Every later comparison built on
    it (durations, ordering, time to detect) is wrong too.

    ## Example
    ```markdown
    | 2024-02-30 14:02 | First alert |
    ```
    Use instead:
    ```markdown
    | 2024-02-29 14:02 | First alert |
    ```

    ## Options
    - `day-order`: `"dmy"` or `"mdy"`, how numeric dates such as 31/04/2025 are read.
    """
    for run, match in ctx.analysis(own_matches, day_first(ctx)):
        if match.problem is None:
            continue
        if match.value is None and not _dated_shape(match.text):
            continue  # "25:00" alone may be a duration; only a clock time with a date or zone counts
        yield ctx.finding(run.span(match.start, match.end), f'impossible date "{match.text}": {match.problem}')


def _dated_shape(text: str) -> bool:
    return bool(re.search(r"\d[-/.]\d|[A-Za-z]{3}|\d\s?[AaPp]\.?[Mm]\b", text))
