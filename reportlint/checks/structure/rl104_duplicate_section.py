from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Section, Severity, normalize_title, rule, shorten
from reportlint.checks.structure._outline import own_sections


@rule(code="RL104", name="duplicate-section", summary="A section must not appear twice", severity=Severity.WARNING, tags=("structure",))
def duplicate_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading that repeats an earlier sibling heading (same parent and level):
    the same title ignoring case, numbering and punctuation, or another name (alias) of
    the same profile section. Equal sub-headings under different parents, such as an
    "Impact" under each of two incidents, are fine.

    ## Why is this bad?
    Two "Impact" sections split what the reader needs to see together, and usually
    mean a template was pasted into a report that already had the section.

    ## Example
    ```markdown
    ## Impact
    Checkout was down for 40 minutes.
    ## Timeline
    ...
    ## Impact
    Refunds were issued.
    ```
    Use instead: merge the two into one "Impact" section.
    """
    seen: dict[tuple[int, int, str], Section] = {}
    for section in own_sections(doc):
        spec = ctx.profile.spec_for(section)
        key = spec.id if spec is not None else normalize_title(section.title)
        if not key:
            continue
        slot = (id(section.parent), section.level, key)
        first = seen.setdefault(slot, section)
        if first is not section:
            yield ctx.finding(section.title_span, f'Section "{shorten(section.title)}" duplicates the earlier section "{shorten(first.title)}"', detail=f"first on line {first.span.start.line}")
