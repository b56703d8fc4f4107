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
