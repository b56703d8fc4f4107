from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.na._values import bare_value_findings


@rule(
    code="RL201",
    name="na-without-justification",
    summary="'N/A' must say why it does not apply",
    severity=Severity.WARNING,
    tags=("na",),
    options={"min-words": 1},
)
def na_without_justification(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a value that only says "N/A", "n/a", "NA", "Not applicable", "None", "Nil",
    "-" or "—", with no reason: a field (`**Label:** N/A`, a front-matter key), a table
    cell whose row gives no reason in another cell, a list item that is only "N/A",
    or a section whose whole body is "N/A".

    A reason counts when it follows in the same value ("N/A (no data left the network)",
    "N/A - the account was already an admin", "N/A: ...", "Not applicable, because ...",
    "None. The host was offline."), in another cell of the same table row, or in a
    sentence that opens the section and says why its items are N/A.

    A profile section with `na = "allowed"` accepts a bare N/A; one with
    `na = "forbidden"` accepts no N/A at all, even with a reason. Text the report quotes
    as its source is not checked. "Unknown" and "Not stated" are RL204.

    "None" and "Nil" (never "N/A") are an answer, not N/A, on a closed scale (at least
    two sibling fields or cells of the column hold scale values such as "low" or
    "network", or the section carries a CVSS vector: `- **User interaction:** none`)
    and after a plural label, where they mean zero (`**Related bugs found:** None`).

    ## Why is this bad?
    A bare "N/A" cannot be told apart from "not investigated". Reviewers need the reason.

    ## Example
    ```markdown
    - **Lateral Movement:** N/A
    ```
    Use instead:
    ```markdown
    - **Lateral Movement:** N/A (the attacker never left the web server)
    ```

    ## Options
    - `min-words` (default 1): words after the N/A that count as a reason.
    """
    yield from bare_value_findings(doc, ctx, gap=False)
