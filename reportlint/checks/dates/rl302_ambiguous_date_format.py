"""RL302: a numeric date whose day and month could be swapped."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.dates._options import DAY_ORDER, day_first
from reportlint.checks.dates._own_dates import own_matches


@rule(code="RL302", name="ambiguous-date-format", summary="Numeric dates such as 03/04/2025 must say which part is the day", severity=Severity.WARNING, tags=("dates",), options=DAY_ORDER)
def ambiguous_date_format(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags numeric dates whose day and month could be swapped (`03/04/2025`: 4 March or
    3 April?) and suggests the ISO 8601 forms.

    ## Why is this bad?
    Half the world reads 03/04 as the 3rd of April, the other half as the 4th of March.
    A timeline built on the wrong reading is wrong by a month.

    ## Example
    ```markdown
    The first malicious logon was on 03/04/2025.
    ```
    Use instead:
    ```markdown
    The first malicious logon was on 2025-04-03.
    ```

    ## Options
    - `day-order`: `"dmy"` or `"mdy"` when the team always writes one order; numeric dates
      are then read that way and never reported. Set in the profile for RL302, it also
      applies to the other date rules.
    """
    if day_first(ctx) is not None:
        return
    for run, match in ctx.analysis(own_matches, None):
        if match.readings is not None:
            first, second = (r.iso() for r in match.readings)
            yield ctx.finding(run.span(match.start, match.end), f'ambiguous date "{match.text}": write {first} or {second}')
