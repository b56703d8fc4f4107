"""The parsed report every rule reads: sections, fields, tables, lists and sentences.

Only the model's types live here; :mod:`reportlint._builder` makes them from the Markdown.
Every piece of plain text keeps an :class:`OffsetMap` back to the source, so every object
has exact 1-based line and column positions.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field as dc_field
from typing import Literal

from reportlint._positions import LineIndex, OffsetMap, Position, Span

BlockKind = Literal["paragraph", "list_item", "table_cell", "blockquote", "heading", "footnote", "front_matter"]
FieldSource = Literal["front-matter", "inline", "table"]


@dataclass(eq=False, slots=True)
class TextRun:
    """The plain text of one inline container (a paragraph, table cell, heading, ...).

    ``prose`` has the same length as ``text`` with inline code and bare URLs blanked,
    so prose rules can search it and still report positions through ``span``.
    """

    kind: BlockKind
    text: str
    prose: str
    omap: OffsetMap
    index: LineIndex
    links: tuple[tuple[int, int, str], ...] = ()
    footnotes: tuple[tuple[int, str], ...] = ()
    strong: tuple[tuple[int, int], ...] = ()
    section: Section | None = None
    quoted: bool = False

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The source span of ``text[start:end]``."""
        if end is None:
            end = len(self.text)
        begin, finish = self.omap.source_range(start, end)
        return self.index.span(begin, finish)


@dataclass(eq=False, slots=True)
class Sentence:
    """One sentence of prose; ``links``/``footnotes`` are the evidence markers inside it."""

    text: str
    prose: str
    section: Section | None
    block: BlockKind
    links: tuple[str, ...]
    footnotes: tuple[str, ...]
    run: TextRun
    start: int  # offset of the sentence inside ``run.text``
    quoted: bool = False
    _span: Span | None = dc_field(default=None, repr=False)

    @property
    def span(self) -> Span:
        """The sentence's source span, computed on first use: most sentences never need it."""
        if self._span is None:
            self._span = self.run.span(self.start, self.start + len(self.text))
        return self._span

    def span_of(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]``."""
        return self.run.span(self.start + start, self.start + end)


@dataclass(eq=False, slots=True)
class Field:
    """A labelled value: ``**Label:** value``, ``Label: value``, a table row or a front-matter key."""

    name: str
    value: str
    section: Section | None
    source: FieldSource
    run: TextRun
    value_start: int  # offset of the value inside ``run.text``
    emphasized: bool = False
    row: TableRow | None = None
    # The spans are made on first use (most fields never need them) from a range of ``run.text``
    # or are given; no value span means ``value`` where it stands in ``run.text``.
    _span: Span | tuple[int, int] = dc_field(kw_only=True, repr=False)
    _name_span: Span | tuple[int, int] = dc_field(kw_only=True, repr=False)
    _value_span: Span | None = dc_field(default=None, kw_only=True, repr=False)

    @property
    def span(self) -> Span:
        """The whole field: label, separator and value."""
        if type(self._span) is tuple:  # a range of ``run.text`` (a Span is a named tuple)
            self._span = self.run.span(*self._span)
        return self._span

    @property
    def name_span(self) -> Span:
        if type(self._name_span) is tuple:
            self._name_span = self.run.span(*self._name_span)
        return self._name_span

    @property
    def value_span(self) -> Span:
        if self._value_span is None:
            self._value_span = self.run.span(self.value_start, self.value_start + len(self.value))
        return self._value_span

    def value_span_of(self, start: int, end: int) -> Span:
        """The source span of ``value[start:end]``."""
        return self.run.span(self.value_start + start, self.value_start + end)


@dataclass(eq=False, slots=True)
class TableRow:
    cells: tuple[TextRun, ...]
    span: Span
    header: bool


@dataclass(eq=False, slots=True)
class Table:
    header: TableRow | None
    rows: tuple[TableRow, ...]
    span: Span
    section: Section | None


@dataclass(eq=False, slots=True)
class ListItem:
    """A list item; ``runs`` are its own paragraphs (nested lists are separate items)."""

    runs: tuple[TextRun, ...]
    depth: int
    ordered: bool
    section: Section | None
    # Lines first to last (0-based, inclusive) and their index: the span is made on first
    # use, as few rules need it and a report has many items.
    _lines: tuple[int, int] = dc_field(repr=False)
    _index: LineIndex = dc_field(repr=False)
    _span: Span | None = dc_field(default=None, repr=False)

    @property
    def span(self) -> Span:
        if self._span is None:
            first, last = self._lines
            self._span = self._index.span(self._index.line_start(first), self._index.line_end(last))
        return self._span

    @property
    def text(self) -> str:
        return "\n".join(run.text for run in self.runs)


@dataclass(eq=False, slots=True)
class Comment:
    """An HTML comment outside code: where suppression directives live."""

    text: str
    span: Span
    inline: bool


@dataclass(eq=False, slots=True)
class RawHtml:
    """Raw HTML outside code that is not a comment (``<insert date>`` is one): not part of any run."""

    text: str
    span: Span
    inline: bool


@dataclass(eq=False, slots=True)
class SourceMaterial:
    """Text the report quotes as its source (an embedded article or excerpt), not its own prose.

    ``origin`` "file" is a local file named by front matter ``source-file:`` or ``--source``,
    read by the runner; its ``span`` is where the report names it and ``path`` where it lives.
    """

    span: Span  # the quoted text itself, markers excluded
    text: str
    origin: Literal["leading-block", "section", "file"]
    section: Section | None = None  # the Source Text / Full Report section, for "section"
    path: str | None = None  # the file, for "file"



@dataclass(eq=False, slots=True)
class Section:
    """A heading and what follows it up to the next heading of the same or a higher level."""

    title: str
    level: int
    span: Span
    title_span: Span
    heading: TextRun
    parent: Section | None = None
    children: list[Section] = dc_field(default_factory=list)
    runs: list[TextRun] = dc_field(default_factory=list)
    fields: list[Field] = dc_field(default_factory=list)
    sentences: list[Sentence] = dc_field(default_factory=list)
    content_blocks: int = 0  # direct block-level content (paragraphs, lists, tables, code)
    body_span: Span | None = None

    @property
    def body_text(self) -> str:
        """Plain text of the section's own content, children excluded."""
        return "\n".join(run.text for run in self.runs if run.kind != "heading")

    def walk(self) -> Iterator[Section]:
        """This section and all its descendants in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False, slots=True)
class Document:
    """A report parsed once; rules only read it."""

    path: str
    text: str
    index: LineIndex
    lines: tuple[str, ...]
    front_matter: Mapping[str, str]
    front_matter_error: tuple[str, Span] | None
    front_matter_lines: int
    title: Section | None
    title_text: str | None
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    sentences: tuple[Sentence, ...]
    runs: tuple[TextRun, ...]
    tables: tuple[Table, ...]
    list_items: tuple[ListItem, ...]
    comments: tuple[Comment, ...]
    links: tuple[str, ...]
    footnote_definitions: Mapping[str, TextRun]
    source_material: tuple[SourceMaterial, ...] = ()
    html: tuple[RawHtml, ...] = ()

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def line_span(self, line: int) -> Span:
        """The span of 1-based ``line`` without its line terminator."""
        return self.index.span(self.index.line_start(line - 1), self.index.line_end(line - 1))

    def top_span(self) -> Span:
        """Where document-level findings go: line 1, column 1."""
        return Span(Position(1, 1), Position(1, 1))

    def in_source_material(self, position: Position) -> bool:
        """Whether ``position`` lies in embedded source material (text the report quotes)."""
        return any(m.span.start <= position < m.span.end for m in self.source_material)

