from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule, shorten
from reportlint.checks.structure._outline import own_sections


@rule(code="RL106", name="heading-level-skipped", summary="Heading levels must go down one at a time", severity=Severity.INFO, tags=("structure",))
def heading_level_skipped(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading more than one level deeper than the heading before it (an `h4`
    right after an `h2`). The first heading may have any level.

    ## Why is this bad?
    A skipped level breaks the outline: tables of contents, screen readers and the
    section rules see a sub-section with no parent.

    ## Example
    ```markdown
    ## Timeline
    #### Day 1
    ```
    Use instead:
    ```markdown
    ## Timeline
    ### Day 1
    ```

    ## References
    - markdownlint MD001 (heading-increment)
    """
    previous: int | None = None
    for section in own_sections(doc):
        if previous is not None and section.level > previous + 1:
            yield ctx.finding(section.title_span if section.title else section.span, f'Heading "{shorten(section.title)}" skips a level (h{previous} to h{section.level})')
        previous = section.level
