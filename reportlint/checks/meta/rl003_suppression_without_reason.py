from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.meta._suppression import reported_by_suppression_pass


@rule(code="RL003", name="suppression-without-reason", summary="A suppression comment must give a reason", severity=Severity.WARNING, tags=("meta", "suppression"), default_enabled=False)
def suppression_without_reason(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `reportlint-disable...` comment with no reason after ` -- `. Off by default:
    enable it with `extend-select = ["RL003"]`.

    ## Why is this bad?
    Reviewers cannot tell an accepted gap from a silenced mistake without the reason.

    ## Example
    ```markdown
    <!-- reportlint-disable-next-line RL301 -->
    ```
    Use instead:
    ```markdown
    <!-- reportlint-disable-next-line RL301 -- the date lives in the ticket header -->
    ```
    """
    return reported_by_suppression_pass(doc, ctx)
