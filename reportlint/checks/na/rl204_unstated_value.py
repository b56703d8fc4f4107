from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.na._values import bare_value_findings


@rule(
    code="RL204",
    name="unstated-value",
    summary="'Unknown' or 'Not stated' is a gap: find the value or say what was tried",
    severity=Severity.WARNING,
    tags=("na",),
    options={"min-words": 1},
)
def unstated_value(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a value (field, table cell, list item or section body) that only says
    "Unknown", "Not stated", "Not available", "Not known", "Not disclosed", "Not
    specified", "Not provided", "Not reported", "Undisclosed" or "Unspecified", with
    no explanation, or that follows it with a guess ("Unknown/Assumed ..."). A whole
    value of question marks ("?", "??") or an unfilled clock ("--:--") is the same gap;
    a partly known time such as "14:??" is not reported.

    ## Why is this bad?
    Unlike "N/A", which says a question does not apply, "Unknown" says it applies and
    was not answered. That is a gap in the report: either find the value, or say what
    was tried and why it could not be found, so the reader can judge the gap.

    ## Example
    ```markdown
    - **Discovery Date:** Not stated
    ```
    Use instead:
    ```markdown
    - **Discovery Date:** Unknown: the vendor advisory gives no date and the vendor did not answer our request (2024-05-03)
    ```

    ## Options
    - `min-words` (default 1): words after the token that count as an explanation.
    """
    yield from bare_value_findings(doc, ctx, gap=True)
