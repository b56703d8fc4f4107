"""RL2xx: "N/A" values that do not say why, unstated values, placeholders and empty fields.

A *value* is a field's value (``Label: value``, a front-matter key), a table cell, a
list item or a section's whole body. Text the report quotes as its source is not
linted for N/A, but placeholders such as ``[...]`` are reported everywhere.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from reportlint.api import Analyses, Document, Finding, ListItem, Position, RuleContext, Section, Severity, TextRun, analysis, rule
from reportlint._positions import Span

_NA_VALUE = re.compile(r"(?i)\A\s*(?P<token>n/a|n\.a\.?|na|not applicable|none|nil|[-–—])(?![\w/]|-\w)(?P<rest>.*)", re.DOTALL)
_GAP_VALUE = re.compile(
    r"(?i)\A\s*(?P<token>unknown|undisclosed|unspecified|not\s+(?:(?:explicitly|publicly|yet)\s+)?"
    r"(?:stated|known|available|disclosed|specified|provided|reported|determined))(?!\w)(?P<rest>.*)",
    re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_DASHES = frozenset("-–—")
_WORDLIKE = frozenset({"none", "nil", "na"})  # tokens that may start an ordinary sentence
_CONTINUATION = re.compile(r"[ \t]+[^\W\d_]")
# A sentence opening a section that says why its items do not apply (seed lines 43-45).
_OPENING_REASON = re.compile(r"(?i)\b(?:n/a|not applicable|do(?:es)? not apply|not relevant)\b")
_OPENING_MIN_WORDS = 4


class _Bare(NamedTuple):
    """A value that says N/A (or that it is unknown): where the token is, and whether a reason follows."""

    token: str
    start: int  # offset of the token in the value text
    end: int
    gap: bool
    words: int  # words after the token; -1 after a slash: another answer, not a reason ("Unknown/Assumed ...")

    def gives_reason(self, min_words: int) -> bool:
        """At least ``min_words`` words follow ("N/A (no data left the network)", "None. The host was offline.")."""
        return self.words >= 0 and self.words >= min_words


def _na_value(text: str) -> _Bare | None:
    """The N/A or gap statement ``text`` opens with, or None when it is something else.

    "None of the hosts ..." and "- text" are not N/A.
    """
    for pattern, gap in ((_NA_VALUE, False), (_GAP_VALUE, True)):
        match = pattern.match(text)
        if match is None:
            continue
        token, rest = match.group("token"), match.group("rest")
        if token in _DASHES and rest.strip(" \t.*_"):
            return None
        if token.lower() in _WORDLIKE and _CONTINUATION.match(rest):
            return None
        words = -1 if rest.lstrip().startswith("/") else len(_WORD.findall(rest))
        return _Bare(token, match.start("token"), match.end("token"), gap, words)
    return None


class _Value(NamedTuple):
    """One value to judge: its text, where it lies, and how a message names it."""

    text: str
    run: TextRun
    offset: int  # where ``text`` starts in ``run.text``
    section: Section | None
    subject: str  # '"Discovery" is', 'List item is', ...
    where: str = ""  # added to the reason message: ' in its row'

    def message(self, token: str, ending: str) -> str:
        return f'{self.subject} "{token}"{ending}'


def _values(doc: Document) -> Iterator[_Value]:
    """Fields, table cells, list items and section bodies that could be an N/A."""
    for found in doc.fields:
        if found.source != "table" and found.value:
            yield _Value(found.value, found.run, found.value_start, found.section, f'"{found.name}" is')
    for table in doc.tables:
        header = table.header.cells if table.header else ()
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                if _na_value(cell.text) is None or _row_gives_reason(row.cells, index):
                    continue
                name = header[index].text.strip() if index < len(header) else ""
                label = f'"{name}"' if name else "Table cell"
                yield _Value(cell.text, cell, 0, table.section, f"{label} is", " in its row")
    for item in doc.list_items:
        if len(item.runs) == 1:
            yield _Value(item.runs[0].text, item.runs[0], 0, item.section, "List item is")
    for section in doc.sections:
        runs = [run for run in section.runs if run.kind != "heading"]
        if len(runs) == 1 and runs[0].kind == "paragraph":
            yield _Value(runs[0].text, runs[0], 0, section, f'Section "{section.title}" is')


def _row_gives_reason(cells: tuple[TextRun, ...], index: int) -> bool:
    """Another cell of the row (not the label column) explains, in a few words."""
    return any(i not in (0, index) and len(_WORD.findall(cell.text)) >= 3 and _na_value(cell.text) is None for i, cell in enumerate(cells))


def _quoted(doc: Document, run: TextRun, span: Span) -> bool:
    return run.quoted or doc.in_source_material(span.start)


def _policy(section: Section | None, ctx: RuleContext) -> str:
    """The profile's N/A policy for the nearest enclosing section it knows."""
    while section is not None:
        spec = ctx.profile.spec_for(section)
        if spec is not None:
            return spec.na
        section = section.parent
    return "justify"


def _first_run(section: Section | None) -> TextRun | None:
    """The first block of a section's own content."""
    if section is None:
        return None
    return next((run for run in section.runs if run.kind != "heading"), None)


def _opening_reason(section: Section | None) -> TextRun | None:
    """The paragraph that opens ``section`` when it says why the section's items are N/A."""
    first = _first_run(section)
    if first is not None and first.kind == "paragraph" and _OPENING_REASON.search(first.text) and len(_WORD.findall(first.text)) >= _OPENING_MIN_WORDS:
        return first
    return None


@analysis
def _bare_values(analyses: Analyses) -> list[tuple[_Value, _Bare]]:
    """The values that open with an N/A or gap token, found once for RL201 and RL204."""
    return [(value, bare) for value in _values(analyses.doc) if (bare := _na_value(value.text)) is not None]


def _findings(doc: Document, ctx: RuleContext, gap: bool) -> Iterator[Finding]:
    min_words = ctx.options["min-words"]
    seen: set[Span] = set()
    for value, bare in ctx.analysis(_bare_values):
        if bare.gap != gap:
            continue
        policy = "justify" if gap else _policy(value.section, ctx)
        if policy == "allowed" or (bare.gives_reason(min_words) and policy != "forbidden"):
            continue
        span = value.run.span(value.offset + bare.start, value.offset + bare.end)
        if span in seen or _quoted(doc, value.run, span):
            continue
        opening = _opening_reason(value.section) if not gap and policy == "justify" else None
        if opening is not None and value.run is not opening:
            continue
        seen.add(span)
        if gap:
            yield ctx.finding(span, value.message(bare.token, ": a gap, not N/A; find the value or say what was tried"))
        elif policy == "forbidden":
            yield ctx.finding(span, value.message(bare.token, ", which this section does not accept"))
        else:
            yield ctx.finding(span, value.message(bare.token, f" with no reason given{value.where}"))


@rule(
    code="RL201",
    name="na-without-justification",
    summary="'N/A' must say why it does not apply",
    severity=Severity.WARNING,
    tags=("na",),
    options={"min-words": 1},
)
def na_without_justification(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a value that only says "N/A", "n/a", "NA", "Not applicable", "None", "Nil",
    "-" or "—", with no reason: a field (`**Label:** N/A`, a front-matter key), a table
    cell whose row gives no reason in another cell, a list item that is only "N/A",
    or a section whose whole body is "N/A".

    A reason counts when it follows in the same value ("N/A (no data left the network)",
    "N/A - the account was already an admin", "N/A: ...", "Not applicable, because ...",
    "None. The host was offline."), in another cell of the same table row, or in a
    sentence that opens the section and says why its items are N/A.

    A profile section with `na = "allowed"` accepts a bare N/A; one with
    `na = "forbidden"` accepts no N/A at all, even with a reason. Text the report quotes
    as its source is not checked. "Unknown" and "Not stated" are RL204.

    ## Why is this bad?
    A bare "N/A" cannot be told apart from "not investigated". Reviewers need the reason.

    ## Example
    ```markdown
    - **Lateral Movement:** N/A
    ```
    Use instead:
    ```markdown
    - **Lateral Movement:** N/A (the attacker never left the web server)
    ```

    ## Options
    - `min-words` (default 1): words after the N/A that count as a reason.
    """
    yield from _findings(doc, ctx, gap=False)


@rule(
    code="RL204",
    name="unstated-value",
    summary="'Unknown' or 'Not stated' is a gap: find the value or say what was tried",
    severity=Severity.WARNING,
    tags=("na",),
    options={"min-words": 1},
)
def unstated_value(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a value (field, table cell, list item or section body) that only says
    "Unknown", "Not stated", "Not available", "Not known", "Not disclosed", "Not
    specified", "Not provided", "Not reported", "Undisclosed" or "Unspecified", with
    no explanation, or that follows it with a guess ("Unknown/Assumed ...").

    ## Why is this bad?
    Unlike "N/A", which says a question does not apply, "Unknown" says it applies and
    was not answered. That is a gap in the report: either find the value, or say what
    was tried and why it could not be found, so the reader can judge the gap.

    ## Example
    ```markdown
    - **Discovery Date:** Not stated
    ```
    Use instead:
    ```markdown
    - **Discovery Date:** Unknown: the vendor advisory gives no date and the vendor did not answer our request (2024-05-03)
    ```

    ## Options
    - `min-words` (default 1): words after the token that count as an explanation.
    """
    yield from _findings(doc, ctx, gap=True)


# The lookahead lists the first character of every alternative: with it the regex engine
# skips straight to candidate positions instead of trying each alternative everywhere
# (RL202 took 2.5x longer without it). Keep it in step with the alternatives.
_PLACEHOLDER = re.compile(
    r"(?=[\[{TFXLl])(?:"
    r"\[(?:\.\.\.|…)\]"
    r"|\b(?:TODO|TBD|TBA|FIXME|XXX)\b"
    r"|(?i:\blorem ipsum\b)"
    r"|\{\{[^{}\n]*\}\}"
    r"|(?i:\[(?:insert|enter|add)\b[^\]\n]*\])"
    r")"
)
_ELISIONS = frozenset({"[...]", "[…]"})
_HTML_PLACEHOLDER = re.compile(r"(?i)<(?:insert|enter|add)\b[^>\n]*>")


@rule(code="RL202", name="placeholder-text", summary="Template placeholders must be filled in", severity=Severity.WARNING, tags=("na", "placeholder"))
def placeholder_text(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags placeholders left in the text: `[...]` or `[…]` (truncated text), `TODO`,
    `TBD`, `TBA`, `FIXME`, `XXX`, "lorem ipsum", `<insert ...>` or `[insert ...]`, and
    `{{...}}` template slots. Inline code is not checked. Quoted source material is:
    a `[...]` there means the report's source was cut short. Only a `[...]` in the
    middle of a blockquote, with the quotation going on after it, is taken for an
    editor's elision and not reported.

    ## Why is this bad?
    A placeholder means the report is unfinished, or that text it relies on was cut.
    Readers cannot tell what belongs there.

    ## Example
    ```markdown
    **Owner:** TBD
    The attackers stole {{ data_volume }} of data [...]
    ```
    Use instead:
    ```markdown
    **Owner:** J. Doe (SOC lead)
    The attackers stole 2 GB of customer records; the full advisory is linked below.
    ```
    """
    for run in doc.runs:
        for match in _PLACEHOLDER.finditer(run.prose):
            if run.quoted and match.group() in _ELISIONS and run.text[match.end():].strip():
                continue  # an editor's cut inside a quotation, with the quotation going on
            yield ctx.finding(run.span(match.start(), match.end()), f'Placeholder "{match.group()}" left in the text')
    for found in doc.fields:
        if found.source == "front-matter":
            for match in _PLACEHOLDER.finditer(found.value):
                yield ctx.finding(found.value_span_of(match.start(), match.end()), f'Placeholder "{match.group()}" left in the text')
    for html in doc.html:
        match = _HTML_PLACEHOLDER.match(html.text)
        if match:
            yield ctx.finding(html.span, f'Placeholder "{match.group()}" left in the text')


@rule(code="RL203", name="empty-field-value", summary="A field label needs a value", severity=Severity.WARNING, tags=("na",))
def empty_field_value(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a field with no value at all: a list item that is only a bold label
    (`- **Owner:**`) with nothing nested under it, or a row of a two-column
    label/value table whose value cell is empty. A label that introduces a nested list
    or the next block ("3. Delete the cache:" before a code block) is not a field.

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
        if found.value or _quoted(doc, found.run, found.span):
            continue
        two_column_row = found.row is not None and len(found.row.cells) == 2
        item = items.get(id(found.run)) if found.emphasized and "\n" not in found.run.text else None
        if two_column_row or (item is not None and not _has_nested(doc, ctx, item)):
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


RULES = (na_without_justification, placeholder_text, empty_field_value, unstated_value)
