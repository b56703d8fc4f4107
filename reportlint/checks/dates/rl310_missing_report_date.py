"""RL310: a report that does not say when it was written."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.dates._options import REPORT_LABELS
from reportlint.checks.dates._report_date import report_dating


@rule(code="RL310", name="missing-report-date", summary="A report should state when it was written", severity=Severity.INFO, tags=("dates",), options=REPORT_LABELS, default_enabled=False)
def missing_report_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a document that does not date itself: no front-matter `date` or `published`,
    no Report Date, Published, Updated or Revised field, no `YYYY/MM/DD` front-matter
    `path`, no date field in the header before the first section, no date in the title
    ("DNS outage on 2023-01-25") and no full date in the opening sentence. Off by default
    (many notes have no report date); profiles for formal reports turn it on with
    `enable = ["RL310"]`.

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
    if doc.text.strip() and ctx.analysis(report_dating, tuple(ctx.options["report-date-labels"])) is None:
        yield ctx.finding(doc.top_span(), "report states no report date (front-matter date, or a Report Date, Published or Updated field)")
