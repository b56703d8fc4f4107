"""RL310: a report that does not say when it was written."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.dates._options import REPORT_LABELS
from reportlint.checks.dates._report_date import report_date


@rule(code="RL310", name="missing-report-date", summary="A report should state when it was written", severity=Severity.INFO, tags=("dates",), options=REPORT_LABELS, default_enabled=False)
def missing_report_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a document with no front-matter `date` and no Report Date, Published, Updated
    or Revised field stating a date. Off by default (many notes have no report date);
    profiles for formal reports turn it on with `enable = ["RL310"]`.

    ## Why is this bad?
    Without a report date, nobody can tell whether the report predates a fix, and the
    date rules cannot check that events come before the report.

    ## Example
    ```markdown
    # VPN outage
    ```
    Use instead:
    ```markdown
    # VPN outage
    **Report Date:** 2024-05-20
    ```

    ## Options
    - `report-date-labels`: field labels that give the report date.
    """
    if doc.text.strip() and ctx.analysis(report_date, tuple(ctx.options["report-date-labels"])) is None:
        yield ctx.finding(doc.top_span(), "report states no report date (front-matter date, or a Report Date, Published or Updated field)")
