from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.meta._suppression import reported_by_suppression_pass


@rule(code="RL001", name="unused-suppression", summary="A suppression comment must suppress something", severity=Severity.WARNING, tags=("meta", "suppression"))
def unused_suppression(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `reportlint-disable...` comment, or one code in it, that suppressed no finding
    in this run. Codes of rules that are not enabled are not reported.

    Also reports a directive on its own line between two table rows, whether or not it
    suppressed anything: Markdown ends the table at the comment, so the rows below it are no
    longer table rows (a timeline loses its entries, and their findings vanish). Put a
    `disable-line` comment in the row's last cell instead.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line and tells readers that
    something was accepted when nothing was.

    ## Example
    ```markdown
    <!-- reportlint-disable-next-line RL201 -->
    Root cause: N/A (the host was retired before the audit)
    ```
    Use instead:
    ```markdown
    Root cause: N/A (the host was retired before the audit)
    ```

    In a table, not:
    ```markdown
    | 10:00 UTC | Alert fired |
    <!-- reportlint-disable-next-line RL304 -->
    | 09:00 UTC | Page sent |
    ```
    Use instead:
    ```markdown
    | 10:00 UTC | Alert fired |
    | 09:00 UTC | Page sent <!-- reportlint-disable-line RL304 -- clock skew --> |
    ```
    """
    return reported_by_suppression_pass(doc, ctx)
