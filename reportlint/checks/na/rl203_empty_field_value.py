from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from reportlint.api import Analyses, Document, Finding, ListItem, Position, RuleContext, Severity, analysis, rule
from reportlint.checks.na._values import quoted


@rule(code="RL203", name="empty-field-value", summary="A field label needs a value", severity=Severity.WARNING, tags=("na",))
def empty_field_value(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a field with no value at all: a list item that is only a bold label
    (`- **Owner:**`) with nothing nested under it, or a row of a two-column
    label/value table whose value cell is empty, or a bold label alone in its paragraph
    (`**Exploit flow:**`) followed by another label, a heading or the end of the
    document. A label that introduces a nested list or the next block ("3. Delete the
    cache:" before a code block, `**Exploit flow:**` before a paragraph) is not empty.

    ## Why is this bad?
    An empty value is worse than "N/A": the reader cannot even tell whether the author
    saw the question. Fill it in, or say why it does not apply.

    ## Example
    ```markdown
    - **Severity:**
    - **Status:** Resolved
    ```
    Use instead:
    ```markdown
    - **Severity:** High (customer data exposed)
    - **Status:** Resolved
    ```
    """
    items = {id(item.runs[0]): item for item in doc.list_items if len(item.runs) == 1}
    for found in doc.fields:
        if found.value or quoted(doc, found.run, found.span):
            continue
        two_column_row = found.row is not None and len(found.row.cells) == 2
        item = items.get(id(found.run)) if found.emphasized and "\n" not in found.run.text else None
        label_only = found.alone and not found.heading_like
        if two_column_row or label_only or (item is not None and not _has_nested(doc, ctx, item)):
            yield ctx.finding(found.name_span, f'"{found.name}" has no value')


@analysis
def _list_item_starts(analyses: Analyses) -> list[Position]:
    return [item.span.start for item in analyses.doc.list_items]


def _has_nested(doc: Document, ctx: RuleContext, item: ListItem) -> bool:
    """A list item with a deeper item inside its span (a label introducing a sub-list)."""
    items = doc.list_items  # in document order: the items inside this one come right after it
    starts = ctx.analysis(_list_item_starts)
    for index in range(bisect_right(starts, item.span.start), len(items)):
        if starts[index] > item.span.end:
            return False
        if items[index].depth > item.depth:
            return True
    return False
