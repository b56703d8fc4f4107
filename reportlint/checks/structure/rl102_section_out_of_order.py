from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Section, Severity, rule, shorten
from reportlint.checks.structure._outline import profile_sections


@rule(code="RL102", name="section-out-of-order", summary="Sections must follow the profile's order", severity=Severity.WARNING, tags=("structure", "profile"))
def section_out_of_order(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Compares the order of the report's top-level template sections with the order the
    profile gives them. It keeps the longest run of sections already in order and reports
    each of the others, so moving one section reports only that section.

    ## Why is this bad?
    Readers of a series of reports look for the same section in the same place; a
    summary after the timeline is easy to miss.

    ## Example
    With `--profile incident`:
    ```markdown
    ## Executive Summary
    ## Impact Assessment
    ## Timeline of Events
    ```
    Use instead:
    ```markdown
    ## Executive Summary
    ## Timeline of Events
    ## Impact Assessment
    ```
    """
    pairs = profile_sections(doc, ctx)
    if not pairs:
        return
    level = min(section.level for section, _ in pairs)
    ordered = [(s, spec.order) for s, spec in pairs if s.level == level and spec.order is not None]
    keep = _longest_ordered(ordered)
    kept = [ordered[i] for i in sorted(keep)]
    for index, (section, order) in enumerate(ordered):
        if index in keep:
            continue
        later = next((s for s, o in kept if o > order), None)
        if later is not None:
            message = f'Section "{shorten(section.title)}" is out of order: expected before "{shorten(later.title)}"'
        else:
            earlier = [s for s, o in kept if o <= order]
            message = f'Section "{shorten(section.title)}" is out of order: expected after "{shorten(earlier[-1].title)}"'
        yield ctx.finding(section.title_span, message)


def _longest_ordered(items: list[tuple[Section, int]]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence of the orders (first one found)."""
    best: list[int] = [1] * len(items)
    back: list[int] = [-1] * len(items)
    for i, (_, order) in enumerate(items):
        for j in range(i):
            if items[j][1] <= order and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    if not items:
        return set()
    i = max(range(len(items)), key=lambda k: (best[k], -k))
    chosen = set()
    while i != -1:
        chosen.add(i)
        i = back[i]
    return chosen
