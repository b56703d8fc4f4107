from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.structure._outline import is_blank


@rule(code="RL105", name="missing-title", summary="A report needs a title (an H1 heading or a front-matter title)", severity=Severity.WARNING, tags=("structure",))
def missing_title(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a document with no level-1 heading and no `title` in its front matter.
    The finding points at line 1, column 1.

    ## Why is this bad?
    Reports are found, linked and cited by their title. Without one, an index or a
    reader sees only a file name.

    ## Example
    ```markdown
    ## Summary
    The VPN was down for two hours.
    ```
    Use instead:
    ```markdown
    # VPN outage, 2024-05-02
    ## Summary
    The VPN was down for two hours.
    ```
    """
    if doc.title_text is None and not is_blank(doc):
        yield ctx.finding(doc.top_span(), "Report has no title (no H1 heading and no front-matter title)")
