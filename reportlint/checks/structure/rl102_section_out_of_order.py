from __future__ import annotations

from bisect import bisect_right
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
    kept_orders = [o for _, o in kept]  # non-decreasing
    for index, (section, order) in enumerate(ordered):
        if index in keep:
            continue
        at = bisect_right(kept_orders, order)  # the first kept section that belongs after this one
        if at < len(kept):
            message = f'Section "{shorten(section.title)}" is out of order: expected before "{shorten(kept[at][0].title)}"'
        else:
            message = f'Section "{shorten(section.title)}" is out of order: expected after "{shorten(kept[at - 1][0].title)}"'
        yield ctx.finding(section.title_span, message)


def _longest_ordered(items: list[tuple[Section, int]]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence of the orders (first one found).

    Each item extends the longest run ending at an earlier item whose order is not larger (the
    earliest such item on a tie), found in O(log n) with a Fenwick tree of prefix maxima over the
    distinct orders, so thousands of repeated headings cost O(n log n), not O(n^2).
    """
    if not items:
        return set()
    rank = {order: r for r, order in enumerate(sorted({order for _, order in items}), 1)}
    tree: list[tuple[int, int]] = [(0, 1)] * (len(rank) + 1)  # (run length, -index), maximised
    best: list[int] = []
    back: list[int] = []
    for i, (_, order) in enumerate(items):
        r = rank[order]
        top = (0, 1)
        while r > 0:
            top = max(top, tree[r])
            r -= r & -r
        length, before = top[0] + 1, -top[1]
        best.append(length)
        back.append(before if top[0] else -1)
        r = rank[order]
        while r < len(tree):
            tree[r] = max(tree[r], (length, -i))
            r += r & -r
    i = max(range(len(items)), key=lambda k: (best[k], -k))
    chosen = set()
    while i != -1:
        chosen.add(i)
        i = back[i]
    return chosen
