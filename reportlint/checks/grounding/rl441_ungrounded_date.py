"""RL441: a date of the analysis that the source material does not state."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.grounding._ungrounded import ungrounded


@rule(code="RL441", name="ungrounded-date", summary="A date in the analysis must appear in the report's source material", severity=Severity.WARNING, tags=("claims", "grounding", "dates"))
def ungrounded_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    When the report embeds or names its source material, flags each date or year of the
    analysis that no date of the source matches. Dates are compared by value across formats
    ("14 April 2024" = "April 14, 2024" = "2024-04-14"); "April 2024" is confirmed by any day
    of that month, and a source date without a year confirms any year. Info when the source
    is truncated.

    ## Why is this bad?
    A wrong date moves an event on the timeline; a date the source does not give was guessed.

    ## Example
    ```markdown
    ## Source Text
    The breach was disclosed on 14 April 2024.

    ## Summary
    The breach was disclosed on 2024-04-15.
    ```
    Use instead:
    ```markdown
    The breach was disclosed on 2024-04-14.
    ```
    """
    return ungrounded(doc, ctx, "date")
