"""RL442: a name of the analysis that the source material does not state."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

from reportlint.checks.grounding._ungrounded import ungrounded


@rule(
    code="RL442", name="ungrounded-name", summary="A name in the analysis must appear in the report's source material",
    severity=Severity.WARNING, tags=("claims", "grounding"), options={"allow": []},
)
def ungrounded_name(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    When the report embeds or names its source material, flags each proper name of the
    analysis that the source never mentions: capitalised words that do not open a sentence,
    acronyms and quoted names. Case, plurals and possessives, "US"/"U.S."/"United States",
    demonyms ("European"/"Europe") and acronyms of words in the source ("CSAM" for "child
    sexual abuse material") all match. Headings, field labels, code and links are not
    checked. Info when the source is truncated.

    ## Why is this bad?
    A country, organisation or product the source never names was added by the writer (or a
    summarising tool) and reads as if the source said it.

    ## Example
    ```markdown
    ## Source Text
    Europol coordinated arrests in Spain and Italy.

    ## Summary
    Arrests in Spain, Italy and Portugal were coordinated by Interpol.
    ```
    Use instead:
    ```markdown
    Arrests in Spain and Italy were coordinated by Europol.
    ```

    ## Options
    - `allow`: names never checked, such as your own organisation or product (case-insensitive).
    """
    allowed = frozenset(name.casefold() for name in ctx.options["allow"])
    return ungrounded(doc, ctx, "name", allowed)
