"""Labelled values in a report's text and tables: ``**Label:** value``, ``Label - value``, 2-column rows."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint._dates import lazy_regex
from reportlint._document import Field, Table, TextRun, make_field
from reportlint._inline import Markers
from reportlint._text import normalize_title, trim

_INLINE_FIELD = re.compile(r"(?P<label>[A-Za-z][^:\n]{0,60}?)\s*:(?:[ \t]+(?P<value>\S(?:[^\n]*[^ \t\n])?)|)[ \t]*$")
_DASH_FIELD = re.compile(r"(?P<label>[A-Za-z][^\n—–]{0,60}?)[ \t]+[—–][ \t]+(?P<value>\S(?:[^\n]*[^ \t\n])?)[ \t]*$")
_HYPHEN_FIELD = r"(?P<label>[A-Za-z][^\n]{0,60}?)[ \t]+-[ \t]+(?P<value>\S(?:[^\n]*[^ \t\n])?)[ \t]*$"  # compiled by lazy_regex: after bold text only
# ``**Product:**Google Android``: a closing ``**`` after punctuation and before a letter is not
# emphasis in CommonMark, so the label stays literal text; it is still the writer's bold label.
_LITERAL_BOLD_FIELD = re.compile(r"(?P<open>\*\*|__)(?P<label>[^\W_][^*_\n]{0,60}?)[ \t]*(?P<mark>[:?])(?P=open)(?P<value>[^\s*_](?:[^\n]*[^ \t\n])?)[ \t]*$")
_LABEL_WORDS_MAX = 6
_GENERIC_TABLE_LABELS = frozenset(
    "field item attribute property key name label parameter detail details metric category".split()
)


def _label_ok(label: str, emphasized: bool) -> bool:
    words = label.split()
    if not words or len(words) > _LABEL_WORDS_MAX or "//" in label:
        return False
    if any(ch in label for ch in ".?!") and label.upper() not in {"N/A", "N.A."}:
        return False
    return emphasized or (label[0].isupper() and len(words) <= 5)



def fields_of_run(run: TextRun, markers: Markers | None) -> Iterator[Field]:
    """The fields of a run, one per line at most.

    In a paragraph, a plain ``Label: value`` line counts only while every line before it is a
    field (or an emphasized line): a field block starts its paragraph. After a line of prose or
    pasted output (``commit 9b3a...`` then ``Author:`` and ``Date:``), such a line is that
    text's continuation, not a field of the report. Emphasized labels count anywhere.
    """
    text = run.text
    line_start = 0
    block = True  # every line so far is a field or emphasized
    for line in text.split("\n"):
        # a line inside an emphasized label that ran over a line break is not a label's start
        if line.strip() and not (run.strong and any(a < line_start < b for a, b in run.strong)):
            found = _field_in_line(run, line, line_start, markers)
            if found is not None and (block or found.emphasized or run.kind != "paragraph"):
                yield found
            elif found is None and block and not _emphasized_line(line, line_start, markers):
                block = False
        line_start += len(line) + 1


def _emphasized_line(line: str, offset: int, markers: Markers | None) -> bool:
    """Whether the line is one emphasized span (``**Details**``, a pseudo-heading over a field block)."""
    lead = len(line) - len(line.lstrip())
    end = markers.strong_ends.get(offset + lead) if markers is not None else None
    return end is not None and not line[end - offset:].strip(" \t:*_")


def _bold_label(run: TextRun, offset: int, strong_end: int, markers: Markers) -> Field | None:
    """An emphasized label at ``offset`` that ends in ":" or "?" (or is followed by one), any length.

    The label may run over soft line breaks. When nothing follows it on its line, its value is
    the run's next lines up to the next emphasized label; when nothing follows it in the run,
    it is ``alone`` and the builder decides whether the next block is its value.
    """
    text = run.text
    raw = text[offset:strong_end]
    label = raw.strip()
    after = strong_end
    if label.endswith((":", "?")):
        pass
    elif text[after:after + 1] in (":", "?") and text[after:after + 1]:
        label += text[after]
        after += 1
    else:
        return None
    name = label.rstrip(":").rstrip()
    if not name or not name[0].isalnum() and name[0] not in "([":
        return None
    question = name.endswith("?")
    line_end = text.find("\n", after)
    line_end = len(text) if line_end == -1 else line_end
    value_start, value_end = trim(text, after, line_end)
    if value_start == value_end and line_end < len(text):  # the value is on the next lines
        stop = line_end
        while stop < len(text):
            next_line = stop + 1
            lead = next_line + len(text[next_line:]) - len(text[next_line:].lstrip(" \t"))
            if lead in markers.strong_ends:
                break
            found = text.find("\n", next_line)
            stop = len(text) if found == -1 else found
        value_start, value_end = trim(text, after, stop)
    name_start = offset + len(raw) - len(raw.lstrip())
    return make_field(
        name=" ".join(name.split()),
        value=text[value_start:value_end],
        section=run.section,
        source="inline",
        run=run,
        value_start=value_start,
        emphasized=True,
        span=(name_start, max(after, value_end)),
        name_span=(name_start, name_start + len(name)),
        question=question,
        alone=run.kind == "paragraph" and not text[after:].strip(),
    )


def _field_in_line(run: TextRun, line: str, offset: int, markers: Markers | None) -> Field | None:
    lead = len(line) - len(line.lstrip())
    emphasized_end = markers.strong_ends.get(offset + lead) if markers is not None else None
    if emphasized_end is not None and markers is not None:
        bold = _bold_label(run, offset + lead, emphasized_end, markers)
        if bold is not None:
            return bold
    if emphasized_end is None:
        literal = _LITERAL_BOLD_FIELD.match(line, lead)
        if literal is not None and "//" not in literal.group("label") and not any(ch in literal.group("label") for ch in ".?!"):
            question = literal.group("mark") == "?"  # a question label keeps its "?", as an emphasized one does
            name_start = offset + literal.start("label")
            value_start = offset + literal.start("value")
            return make_field(
                name=" ".join(literal.group("label").split()) + ("?" if question else ""),
                value=literal.group("value"),
                section=run.section,
                source="inline",
                run=run,
                value_start=value_start,
                emphasized=True,
                span=(offset + literal.start(), offset + literal.end("value")),
                name_span=(name_start, offset + (literal.end("mark") if question else literal.end("label"))),
                question=question,
            )
    match = _INLINE_FIELD.match(line, lead)
    if match is None and run.kind == "list_item":
        match = _DASH_FIELD.match(line, lead)
        if match is None and emphasized_end is not None:
            match = lazy_regex(_HYPHEN_FIELD).match(line, lead)
            if match is not None and offset + match.end("label") > emphasized_end:
                match = None
    if match is None:
        return None
    emphasized = emphasized_end is not None and emphasized_end >= offset + match.end("label")
    label = match.group("label").strip()
    if not _label_ok(label, emphasized):
        return None
    if emphasized_end is None and markers is not None and markers.link_starting_in(offset + match.start("label"), offset + match.end("label")):
        return None  # a link inside the label (``[CVE-1](url): text``) makes this prose, not a field
    value = match.group("value") or ""
    value_start = offset + (match.start("value") if match.group("value") else match.end())
    name_start = offset + match.start("label")
    name_end = name_start + len(label)
    return make_field(
        name=label,
        value=value,
        section=run.section,
        source="inline",
        run=run,
        value_start=value_start,
        emphasized=emphasized,
        span=(name_start, offset + match.end()),
        name_span=(name_start, name_end),
    )


def fields_of_table(table: Table) -> Iterator[Field]:
    header = table.header
    columns = len(header.cells) if header else (len(table.rows[0].cells) if table.rows else 0)
    if columns < 2:
        return
    generic = header is not None and normalize_title(header.cells[0].text) in _GENERIC_TABLE_LABELS
    if columns > 2 and not generic:
        return
    for row in table.rows:
        if len(row.cells) < 2:
            continue
        label_run, value_run = row.cells[0], row.cells[1]
        label = label_run.text.strip()
        emphasized = bool(label_run.strong)
        if not label or not label[0].isalpha() or not _label_ok(label.rstrip(":"), emphasized or generic or columns == 2):
            continue
        value = value_run.text
        start, end = trim(value, 0, len(value))
        yield make_field(
            name=label.rstrip(":").strip(),
            value=value[start:end],
            section=table.section,
            source="table",
            run=value_run,
            value_start=start,
            emphasized=emphasized,
            row=row,
            span=row.span,
            name_span=label_run.span(),
        )

