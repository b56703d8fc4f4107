"""RL301: a field labelled as a date whose value states none."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, find_dates, lazy_regex, rule

from reportlint.checks.dates._labels import is_date_label
from reportlint.checks.dates._own_dates import own_fields


# Compiled by lazy_regex: needed only for a date field that states no date.
_DURATION = r"(?i)^[^\w.,]*(?:(?:~|about|approx\.?|approximately)\s*)?[\d.,]+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?)\b"
_BARE_NA = r"(?i)\s*(?:n/a|n\.a\.|not applicable)\s*[.]?\s*"
_NA_WITH_REASON = r"(?i)\s*(?:n/a|n\.a\.|not applicable)\b\s*[-–—:(,;]\s*\S"
_YES_NO = r"(?i)\s*(?:yes|no|true|false)\s*[.]?\s*"
_REFERENCE = r"(?i)\s*(?:see|same as|as per|per|refer to)\b"


@rule(
    code="RL301", name="date-field-without-date", summary="A date field must state a date", severity=Severity.WARNING, tags=("dates",),
    options={"labels": [], "bare-na": False},
)
def date_field_without_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags fields whose label names a date or time (Date, Time, Date/Time, Discovery Date,
    Incident Date, Detected, Reported, Published, Start, End, First observed, Last seen,
    ...) but whose value states none: "Not explicitly stated", "Unknown", "Concurrent
    period of investigation", "recently". A value that states a date with extra words
    ("2024-05-11 (first malicious logon)") is fine, and so are durations ("Time to
    detection: 5 minutes") and "N/A" with a reason.

    ## Why is this bad?
    "Not explicitly stated" in a date field hides a gap in the timeline that a reader
    cannot see from the structure alone.

    ## Example
    ```markdown
    - **Discovery Date:** Not explicitly stated
    ```
    Use instead:
    ```markdown
    - **Discovery Date:** 2024-05-11 (first alert in the SIEM)
    ```

    ## Options
    - `labels`: extra field labels that name a date (matched ignoring case).
    - `bare-na`: also report a value that is only "N/A" (RL201 reports it by default).
    """
    extra = {label.casefold() for label in ctx.options["labels"]}
    for found in own_fields(doc):
        value = found.value.strip()
        if not value or not (is_date_label(found.name) or found.name.casefold() in extra):
            continue
        if find_dates(found.value):
            continue  # tested first: most date fields state a date, and need none of the shapes below
        if lazy_regex(_NA_WITH_REASON).match(value) or lazy_regex(_YES_NO).fullmatch(value) or lazy_regex(_REFERENCE).match(value) or lazy_regex(_DURATION).match(value):
            continue
        if lazy_regex(_BARE_NA).fullmatch(value) and not ctx.options["bare-na"]:
            continue
        quoted = value if len(value) <= 40 else value[:37].rstrip() + "..."
        yield ctx.finding(found.value_span, f'"{found.name}" states no date ("{quoted}")')
