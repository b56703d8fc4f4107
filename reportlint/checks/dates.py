"""RL3xx: dates that are stated, parseable and consistent."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

_DATE_LABEL = re.compile(r"(?i)\b(?:date|time|when|detected|discovered|reported|published)\b")
_HAS_DATE = re.compile(
    r"\b\d{4}-\d{1,2}(?:-\d{1,2})?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)


@rule(code="RL301", name="date-field-without-date", summary="A date field must state a date", severity=Severity.WARNING, tags=("dates",))
def date_field_without_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags fields whose label names a date or time but whose value states none.

    ## Why is this bad?
    "Not explicitly stated" or "Concurrent period" in a date field hides a gap in the
    timeline that a reader cannot see from the structure alone.

    ## Example
    ```markdown
    - **Discovery Date:** Not explicitly stated
    ```
    Use instead:
    ```markdown
    - **Discovery Date:** 2024-05-11 (first alert in the SIEM)
    ```
    """
    for found in doc.fields:
        value = found.value.strip()
        if value and _DATE_LABEL.search(found.name) and not _HAS_DATE.search(value):
            quoted = value if len(value) <= 40 else value[:37].rstrip() + "..."
            yield ctx.finding(found.value_span, f'"{found.name}" states no date ("{quoted}")')


RULES = (date_field_without_date,)
