from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.meta._suppression import reported_by_suppression_pass


@rule(code="RL002", name="unknown-rule-in-suppression", summary="A suppression comment must name known rules", severity=Severity.WARNING, tags=("meta", "suppression"))
def unknown_rule_in_suppression(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a code, prefix or name in a suppression comment that matches no rule.

    ## Why is this bad?
    A mistyped code suppresses nothing, so the finding the author meant to accept is still
    reported (or, worse, the author believes a different rule was silenced).

    ## Example
    ```markdown
    <!-- reportlint-disable-next-line RL2O1 -->
    ```
    Use instead:
    ```markdown
    <!-- reportlint-disable-next-line RL201 -->
    ```
    """
    return reported_by_suppression_pass(doc, ctx)
