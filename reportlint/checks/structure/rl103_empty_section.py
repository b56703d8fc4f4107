from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule, shorten
from reportlint.checks.structure._outline import own_sections

_HEADING_FIELD = re.compile(r"\S:\s+\S")


@rule(code="RL103", name="empty-section", summary="A heading must be followed by content", severity=Severity.WARNING, tags=("structure",))
def empty_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading with no content (no paragraph, list, table, code or sub-heading)
    before the next heading of the same or a higher level. An HTML comment alone is not
    content. A heading with no text (an image) is not checked, nor one that states a
    value itself ("## ATT&CK Group ID: G0016"): it is a field written as a heading.

    ## Why is this bad?
    An empty section looks like an unfinished template: the reader cannot tell whether
    there was nothing to say or the author forgot. If nothing applies, say why.

    ## Example
    ```markdown
    ## Impact
    ## Timeline
    - 10:02 UTC alert fired
    ```
    Use instead:
    ```markdown
    ## Impact
    No customer-facing impact: the failover absorbed all traffic.
    ## Timeline
    - 10:02 UTC alert fired
    ```
    """
    for section in own_sections(doc):
        if section.title and section.content_blocks == 0 and not section.children and not _HEADING_FIELD.search(section.title):
            yield ctx.finding(section.title_span, f'Section "{shorten(section.title)}" is empty')
