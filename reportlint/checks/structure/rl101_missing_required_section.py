from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.structure._outline import is_blank, profile_sections


@rule(code="RL101", name="missing-required-section", summary="A section the profile requires is missing", severity=Severity.WARNING, tags=("structure", "profile"))
def missing_required_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports each section the profile requires that no heading of the report stands for.
    Headings match the profile's section titles and aliases ignoring case, numbering
    ("3. Impact"), surrounding punctuation, trailing colons and emphasis. A requirement
    with alternatives ("Executive Summary or Key Judgments") is met by any of them.
    The finding points at line 1, column 1, as every finding about the whole document does.

    ## Why is this bad?
    A template exists so that every report answers the same questions. A report without
    its "Impact" section leaves the reader to guess whether there was any.

    ## Example
    With `--profile postmortem`:
    ```markdown
    # Checkout outage
    ## Summary
    ...
    ## Timeline
    ...
    ```
    Use instead: add the missing sections (Impact, Root Causes, ...), or say in them why
    they do not apply.
    """
    if is_blank(doc):
        return
    present = {spec.id for _, spec in profile_sections(doc, ctx)}
    reported: set[frozenset[str]] = set()
    for spec in ctx.profile.sections:
        if not spec.required:
            continue
        group = frozenset((spec.id, *spec.alternatives))
        if group & present or group in reported:
            continue
        reported.add(group)
        others = [ctx.profile.section(i) for i in spec.alternatives]
        either = "".join(f' (or "{o.title}")' for o in others if o is not None)
        accepted = ", ".join(f'"{n}"' for n in spec.names())
        yield ctx.finding(doc.top_span(), f'Missing required section "{spec.title}"{either}', detail=f"Expected: a heading {accepted}; Actual: none")
