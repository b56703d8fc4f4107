from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, normalize_title, rule
from reportlint.checks.structure._outline import is_blank


@rule(code="RL110", name="missing-required-field", summary="A field the profile requires is missing", severity=Severity.WARNING, tags=("structure", "profile"))
def missing_required_field(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports each field the profile requires (such as `Date`, `Authors` or `Status` in
    a post-mortem) that the report states nowhere: not as a `Label: value` line, a
    two-column table row, nor a front-matter key. Labels match ignoring case and
    punctuation, and the profile may accept other labels for a field.
    The finding points at line 1, column 1.

    ## Why is this bad?
    Header fields are what indexes, dashboards and reviewers read first. A post-mortem
    without an owner or a status cannot be followed up.

    ## Example
    With `--profile postmortem`:
    ```markdown
    # Checkout outage
    **Date:** 2024-05-02
    ```
    Use instead:
    ```markdown
    # Checkout outage
    **Date:** 2024-05-02
    **Authors:** J. Doe
    **Status:** Complete, action items in progress
    ```
    """
    if is_blank(doc):
        return
    stated = {normalize_title(f.name) for f in doc.fields if not doc.in_source_material(f.span.start)}
    for name in ctx.profile.fields:
        if not stated & {normalize_title(n) for n in ctx.profile.field_names(name)}:
            yield ctx.finding(doc.top_span(), f'Missing required field "{name}"')
