"""RL309: words that date an event relative to when the report was written."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, Precision, RuleContext, Severity, find_dates, find_relative, may_have_relative, rule

from reportlint.checks.dates._labels import is_date_label
from reportlint.checks.dates._own_dates import explicit, is_quoted


@rule(code="RL309", name="relative-date", summary="Relative dates ('yesterday', 'last week') lose their meaning once the report is filed", severity=Severity.WARNING, tags=("dates",))
def relative_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags words that date an event relative to when the report was written: "yesterday",
    "last week", "recently", "three days ago", "earlier this month". A sentence that also
    states a full date is not reported.

    ## Why is this bad?
    A report is read months later. "Yesterday" then means nothing, and the reader cannot
    rebuild the timeline.

    ## Example
    ```markdown
    The attacker logged in yesterday.
    ```
    Use instead:
    ```markdown
    The attacker logged in on 2024-05-13 at 22:10 UTC.
    ```
    """
    sentences = [s for s in doc.sentences if not (s.quoted or is_quoted(doc, s.run) or s.block == "footnote")]
    if not may_have_relative(s.prose for s in sentences):
        return
    date_values: dict[int, list[int]] = {}
    for found in doc.fields:
        if is_date_label(found.name):
            date_values.setdefault(id(found.run), []).append(found.value_start)
    for sentence in sentences:
        spans = find_relative(sentence.prose)
        if not spans or explicit(m for m in find_dates(sentence.prose) if m.precision is not None and m.precision >= Precision.DAY):
            continue
        if any(sentence.start <= start <= sentence.start + len(sentence.text) for start in date_values.get(id(sentence.run), ())):
            continue  # the value of a date field: RL301 reports it
        for start, end in spans:
            yield ctx.finding(sentence.span_of(start, end), f'relative date "{sentence.text[start:end]}": state the date it means')
