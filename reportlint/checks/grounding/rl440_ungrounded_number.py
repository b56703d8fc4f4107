"""RL440: a number of the analysis that the source material does not state."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.grounding._ungrounded import ungrounded


@rule(code="RL440", name="ungrounded-number", summary="A number in the analysis must appear in the report's source material", severity=Severity.WARNING, tags=("claims", "grounding"))
def ungrounded_number(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    When the report embeds or names its source material, flags each number of the analysis
    (with its unit or noun: "45 arrests", "$249", "480,000 card numbers") whose value the
    source never states. Thousands separators, "million", percent signs and number words up
    to twenty ("three") are read by value. When the source is truncated ("[...]", or it stops
    mid-sentence) the finding is info: the missing text may hold the number.

    ## Why is this bad?
    A figure that is not in the source was changed, invented or taken from elsewhere without
    a citation. Summaries drift: "37 arrests" in the article becomes "45 arrests" in the report.

    ## Example
    ```markdown
    ## Source Text
    Police arrested 37 people in six countries.

    ## Summary
    The operation led to 45 arrests.
    ```
    Use instead:
    ```markdown
    The operation led to 37 arrests.
    ```
    """
    return ungrounded(doc, ctx, "number")
