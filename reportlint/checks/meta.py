"""RL0xx: problems with the report file itself rather than its content."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule


@rule(code="RL004", name="invalid-front-matter", summary="Front matter must be valid YAML or TOML", severity=Severity.ERROR, tags=("meta",))
def invalid_front_matter(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports front matter (`---` YAML, `+++` TOML or a leading ```` ```toml ```` block) that
    does not parse, or that is not a mapping of keys to values.

    ## Why is this bad?
    Front matter carries the report date and profile. When it does not parse, reportlint
    and every other tool reading it see no metadata at all.

    ## Example
    ```markdown
    ---
    date: [2024-05-02
    ---
    ```
    Use instead:
    ```markdown
    ---
    date: 2024-05-02
    ---
    ```
    """
    if doc.front_matter_error is not None:
        message, span = doc.front_matter_error
        yield ctx.finding(span, message)


def _reported_by_suppression_pass(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Nothing to check per document: ``reportlint._suppress`` reports these after every rule ran."""
    return iter(())


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
    return _reported_by_suppression_pass(doc, ctx)


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
    return _reported_by_suppression_pass(doc, ctx)


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
    return _reported_by_suppression_pass(doc, ctx)


RULES = (unused_suppression, unknown_rule_in_suppression, suppression_without_reason, invalid_front_matter)
