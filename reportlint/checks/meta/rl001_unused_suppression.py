from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.meta._suppression import reported_by_suppression_pass


@rule(code="RL001", name="unused-suppression", summary="A suppression comment must suppress something", severity=Severity.WARNING, tags=("meta", "suppression"))
def unused_suppression(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `reportlint-disable...` comment, or one code in it, that suppressed no finding
    in this run. Codes of rules that are not enabled are not reported.

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
    """
    return reported_by_suppression_pass(doc, ctx)
