"""The parsed report every rule reads: sections, fields, tables, lists and sentences.

Only the model's types live here; :mod:`reportlint._builder` makes them from the Markdown.
Every piece of plain text keeps an :class:`OffsetMap` back to the source, so every object
has exact 1-based line and column positions.

The model is frozen: no public attribute of a model object can be set once it is made, so a
rule cannot change what the next rule reads. Frozen dataclasses would cost four times as much
to make (each field set through ``object.__setattr__``) and NamedTuples cannot cache a span,
so each type is a ``__slots__`` class under :class:`_Frozen`, whose ``__setattr__`` raises.
The builder makes each object through its maker (``make_sentence`` and so on: a subclass whose
attributes can be set, so that ``__init__`` fills the slots with plain stores), and the
``__init__`` seals it by setting its ``__class__`` to the public type. Reads stay plain slot
reads, and being frozen costs one pointer store per object.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from reprlib import recursive_repr
from typing import Final, Literal, TypeVar, cast

from reportlint._positions import LineIndex, OffsetMap, Position, Sealed, Span
from reportlint._text import trim

BlockKind = Literal["paragraph", "list_item", "table_cell", "blockquote", "heading", "footnote", "front_matter"]
FieldSource = Literal["front-matter", "inline", "table"]

_Model = TypeVar("_Model", bound="_Frozen")


class _Frozen(Sealed):
    """Base of the model types: read-only once made.

    A span made on first use is cached in a private slot (set with ``object.__setattr__``).
    That is not a change anyone can observe: the span is a pure function of values fixed when
    the object was made, so every read gives the same value (``field.span is field.span``).
    """

    __slots__: tuple[str, ...] = ()

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name, '<unset>')!r}" for name in self.__slots__ if not name.startswith("_"))
        return f"{type(self).__name__}({shown})"


def _maker(model: type[_Model]) -> type[_Model]:
    """What the builder makes ``model`` objects with: ``model`` with attributes that can be set.

    ``model.__init__`` fills the slots and seals the object (``self.__class__ = model``), so
    what the builder gets back is already read-only. (``model(...)`` itself raises: its first
    store meets the frozen ``__setattr__``.)
    """
    namespace = {"__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__, "__module__": __name__}
    return cast("type[_Model]", type(f"{model.__name__}Draft", (model,), namespace))


class TextRun(_Frozen):
    """The plain text of one inline container (a paragraph, table cell, heading, ...).

    ``prose`` has the same length as ``text`` with inline code and bare URLs blanked,
    so prose rules can search it and still report positions through ``span``.
    """

    __slots__ = ("kind", "text", "prose", "omap", "index", "links", "footnotes", "strong", "section", "quoted")
    kind: Final[BlockKind]
    text: Final[str]
    prose: Final[str]
    omap: Final[OffsetMap]
    index: Final[LineIndex]
    links: Final[tuple[tuple[int, int, str], ...]]
    footnotes: Final[tuple[tuple[int, str], ...]]
    strong: Final[tuple[tuple[int, int], ...]]
    section: Final[Section | None]
    quoted: Final[bool]  # inside a blockquote

    def __init__(self, kind: BlockKind, text: str, prose: str, omap: OffsetMap, index: LineIndex, links: tuple[tuple[int, int, str], ...] = (), footnotes: tuple[tuple[int, str], ...] = (), strong: tuple[tuple[int, int], ...] = (), section: Section | None = None, quoted: bool = False) -> None:
        self.kind = kind
        self.text = text
        self.prose = prose
        omap.seal()
        self.omap = omap
        self.index = index
        self.links = links
        self.footnotes = footnotes
        self.strong = strong
        self.section = section
        self.quoted = quoted
        self.__class__ = TextRun

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The source span of ``text[start:end]``."""
        if end is None:
            end = len(self.text)
        begin, finish = self.omap.source_range(start, end)
        return self.index.span(begin, finish)


class Sentence(_Frozen):
    """One sentence of prose; ``links``/``footnotes`` are the evidence markers inside it.

    ``quoted``: in a blockquote or in embedded source material, so not the author's own words.
    """

    __slots__ = ("text", "prose", "section", "block", "links", "footnotes", "run", "start", "quoted", "_span")
    text: Final[str]
    prose: Final[str]
    section: Final[Section | None]
    block: Final[BlockKind]
    links: Final[tuple[str, ...]]
    footnotes: Final[tuple[str, ...]]
    run: Final[TextRun]
    start: Final[int]  # offset of the sentence inside ``run.text``
    quoted: Final[bool]
    _span: Span | None

    def __init__(self, text: str, prose: str, section: Section | None, block: BlockKind, links: tuple[str, ...], footnotes: tuple[str, ...], run: TextRun, start: int, quoted: bool = False) -> None:
        self.text = text
        self.prose = prose
        self.section = section
        self.block = block
        self.links = links
        self.footnotes = footnotes
        self.run = run
        self.start = start
        self.quoted = quoted
        self._span = None
        self.__class__ = Sentence

    @property
    def span(self) -> Span:
        """The sentence's source span, computed on first use: most sentences never need it."""
        if self._span is None:
            object.__setattr__(self, "_span", self.run.span(self.start, self.start + len(self.text)))
        return cast(Span, self._span)

    def span_of(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]``."""
        return self.run.span(self.start + start, self.start + end)


class Field(_Frozen):
    """A labelled value: ``**Label:** value``, ``Label: value``, a table row or a front-matter key.

    The spans are made on first use (most fields never need them) from a range of ``run.text``
    or are given; no value span means ``value`` where it stands in ``run.text``.
    """

    __slots__ = ("name", "value", "section", "source", "run", "value_start", "emphasized", "row", "question", "alone", "heading_like", "_span", "_name_span", "_value_span")
    name: Final[str]
    value: Final[str]
    section: Final[Section | None]
    source: Final[FieldSource]
    run: Final[TextRun]
    value_start: Final[int]  # offset of the value inside ``run.text``
    emphasized: Final[bool]
    row: Final[TableRow | None]
    question: Final[bool]  # the label is a question: ``**Part of an exploit chain?** No``
    # ``alone``: an emphasized label that is the whole paragraph (``**Exploit flow:**``). Its value
    # is then the next block when ``heading_like`` (a paragraph, list, code block or table follows:
    # the label titles that block like a sub-heading), or nothing (a label, a heading or the end of
    # the document follows: an empty field).
    alone: Final[bool]
    heading_like: bool
    _span: Span | tuple[int, int]
    _name_span: Span | tuple[int, int]
    _value_span: Span | None

    def __init__(self, name: str, value: str, section: Section | None, source: FieldSource, run: TextRun, value_start: int, emphasized: bool = False, row: TableRow | None = None, *, span: Span | tuple[int, int], name_span: Span | tuple[int, int], value_span: Span | None = None, question: bool = False, alone: bool = False) -> None:
        self.name = name
        self.value = value
        self.section = section
        self.source = source
        self.run = run
        self.value_start = value_start
        self.emphasized = emphasized
        self.row = row
        self.question = question
        self.alone = alone
        self.heading_like = False
        self._span = span
        self._name_span = name_span
        self._value_span = value_span
        self.__class__ = Field

    @property
    def span(self) -> Span:
        """The whole field: label, separator and value."""
        if type(self._span) is tuple:  # a range of ``run.text`` (a Span is a named tuple)
            object.__setattr__(self, "_span", self.run.span(*self._span))
        return cast(Span, self._span)

    @property
    def name_span(self) -> Span:
        if type(self._name_span) is tuple:
            object.__setattr__(self, "_name_span", self.run.span(*self._name_span))
        return cast(Span, self._name_span)

    @property
    def value_span(self) -> Span:
        if self._value_span is None:
            object.__setattr__(self, "_value_span", self.run.span(self.value_start, self.value_start + len(self.value)))
        return cast(Span, self._value_span)

    def _introduces_block(self) -> None:
        """Set by the builder, while it builds, when the block after an ``alone`` label is its value."""
        object.__setattr__(self, "heading_like", True)

    def value_span_of(self, start: int, end: int) -> Span:
        """The source span of ``value[start:end]``."""
        return self.run.span(self.value_start + start, self.value_start + end)


class TableRow(_Frozen):
    __slots__ = ("cells", "span", "header")
    cells: Final[tuple[TextRun, ...]]
    span: Final[Span]
    header: Final[bool]

    def __init__(self, cells: tuple[TextRun, ...], span: Span, header: bool) -> None:
        self.cells = cells
        self.span = span
        self.header = header
        self.__class__ = TableRow


class Table(_Frozen):
    __slots__ = ("header", "rows", "span", "section")
    header: Final[TableRow | None]
    rows: Final[tuple[TableRow, ...]]
    span: Final[Span]
    section: Final[Section | None]

    def __init__(self, header: TableRow | None, rows: tuple[TableRow, ...], span: Span, section: Section | None) -> None:
        self.header = header
        self.rows = rows
        self.span = span
        self.section = section
        self.__class__ = Table


class ListItem(_Frozen):
    """A list item; ``runs`` are its own paragraphs (nested lists are separate items).

    The span is made on first use from the item's lines (0-based, first to last inclusive),
    as few rules need it and a report has many items.
    """

    __slots__ = ("runs", "depth", "ordered", "section", "_lines", "_index", "_span")
    runs: Final[tuple[TextRun, ...]]
    depth: Final[int]
    ordered: Final[bool]
    section: Final[Section | None]
    _lines: tuple[int, int]
    _index: LineIndex
    _span: Span | None

    def __init__(self, runs: tuple[TextRun, ...], depth: int, ordered: bool, section: Section | None, lines: tuple[int, int], index: LineIndex) -> None:
        self.runs = runs
        self.depth = depth
        self.ordered = ordered
        self.section = section
        self._lines = lines
        self._index = index
        self._span = None
        self.__class__ = ListItem

    @property
    def span(self) -> Span:
        if self._span is None:
            first, last = self._lines
            object.__setattr__(self, "_span", self._index.span(self._index.line_start(first), self._index.line_end(last)))
        return cast(Span, self._span)

    @property
    def text(self) -> str:
        return "\n".join(run.text for run in self.runs)


class Comment(_Frozen):
    """An HTML comment outside code: where suppression directives live."""

    __slots__ = ("text", "span", "inline")
    text: Final[str]
    span: Final[Span]
    inline: Final[bool]

    def __init__(self, text: str, span: Span, inline: bool) -> None:
        self.text = text
        self.span = span
        self.inline = inline
        self.__class__ = Comment


class RawHtml(_Frozen):
    """Raw HTML outside code that is not a comment (``<insert date>`` is one): not part of any run."""

    __slots__ = ("text", "span", "inline")
    text: Final[str]
    span: Final[Span]
    inline: Final[bool]

    def __init__(self, text: str, span: Span, inline: bool) -> None:
        self.text = text
        self.span = span
        self.inline = inline
        self.__class__ = RawHtml


class SourceMaterial(_Frozen):
    """Text the report quotes as its source (an embedded article or excerpt), not its own prose.

    ``origin`` "file" is a local file named by front matter ``source-file:`` or ``--source``,
    read before the document is built; its ``span`` is where the report names it and ``path``
    where it lives.
    """

    __slots__ = ("span", "text", "origin", "section", "path")
    span: Final[Span]  # the quoted text itself, markers excluded
    text: Final[str]
    origin: Final[Literal["leading-block", "section", "file"]]
    section: Final[Section | None]  # the Source Text / Full Report section, for "section"
    path: Final[str | None]  # the file, for "file"

    def __init__(self, span: Span, text: str, origin: Literal["leading-block", "section", "file"], section: Section | None = None, path: str | None = None) -> None:
        self.span = span
        self.text = text
        self.origin = origin
        self.section = section
        self.path = path
        self.__class__ = SourceMaterial


class Section(_Frozen):
    """A heading and what follows it up to the next heading of the same or a higher level.

    A section is made (by ``open_section``) when its heading is read, but its contents are
    known only when the next heading of its level (or the end) closes it: until then only the
    builder holds it, as a draft, and :meth:`_close` fills in the rest and seals it in one step.
    """

    __slots__ = ("title", "level", "span", "title_span", "heading", "parent", "children", "runs", "fields", "sentences", "content_blocks", "body_span")
    # Final where known when the section is made; the rest is filled in when it closes.
    title: str
    level: Final[int]
    span: Final[Span]
    title_span: Span
    heading: TextRun
    parent: Final[Section | None]
    children: tuple[Section, ...]
    runs: tuple[TextRun, ...]  # its own content, children excluded, heading excluded
    fields: tuple[Field, ...]
    sentences: tuple[Sentence, ...]  # its heading's and its own content's
    content_blocks: int  # direct block-level content (paragraphs, lists, tables, code)
    body_span: Span

    def __init__(self, level: int, span: Span, parent: Section | None) -> None:
        self.level = level
        self.span = span
        self.parent = parent

    def _close(self, heading: TextRun, children: tuple[Section, ...], runs: tuple[TextRun, ...], fields: tuple[Field, ...], sentences: tuple[Sentence, ...], content_blocks: int, body_span: Span) -> None:
        """The builder's one step when the section closes: its contents, then the seal."""
        self.heading = heading
        self.title = heading.text.strip()
        self.title_span = heading.span(*trim(heading.text, 0, len(heading.text)))
        self.children = children
        self.runs = runs
        self.fields = fields
        self.sentences = sentences
        self.content_blocks = content_blocks
        self.body_span = body_span
        self.__class__ = Section

    @property
    def body_text(self) -> str:
        """Plain text of the section's own content, children excluded."""
        return "\n".join(run.text for run in self.runs if run.kind != "heading")

    def walk(self) -> Iterator[Section]:
        """This section and all its descendants in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class Document(_Frozen):
    """A report parsed once; rules only read it."""

    __slots__ = (
        "path", "text", "index", "lines", "front_matter", "front_matter_error", "front_matter_lines", "title", "title_text", "sections", "fields",
        "sentences", "runs", "tables", "list_items", "comments", "links", "footnote_definitions", "source_material", "html",
    )
    path: Final[str]
    text: Final[str]
    index: Final[LineIndex]
    lines: Final[tuple[str, ...]]
    front_matter: Final[Mapping[str, str]]
    front_matter_error: Final[tuple[str, Span] | None]
    front_matter_lines: Final[int]
    title: Final[Section | None]
    title_text: Final[str | None]
    sections: Final[tuple[Section, ...]]
    fields: Final[tuple[Field, ...]]
    sentences: Final[tuple[Sentence, ...]]
    runs: Final[tuple[TextRun, ...]]
    tables: Final[tuple[Table, ...]]
    list_items: Final[tuple[ListItem, ...]]
    comments: Final[tuple[Comment, ...]]
    links: Final[tuple[str, ...]]
    footnote_definitions: Final[Mapping[str, TextRun]]
    source_material: Final[tuple[SourceMaterial, ...]]
    html: Final[tuple[RawHtml, ...]]

    def __init__(
        self, *, path: str, text: str, index: LineIndex, lines: tuple[str, ...], front_matter: Mapping[str, str], front_matter_error: tuple[str, Span] | None,
        front_matter_lines: int, title: Section | None, title_text: str | None, sections: tuple[Section, ...], fields: tuple[Field, ...],
        sentences: tuple[Sentence, ...], runs: tuple[TextRun, ...], tables: tuple[Table, ...], list_items: tuple[ListItem, ...], comments: tuple[Comment, ...],
        links: tuple[str, ...], footnote_definitions: Mapping[str, TextRun], source_material: tuple[SourceMaterial, ...] = (), html: tuple[RawHtml, ...] = (),
    ) -> None:
        self.path = path
        self.text = text
        self.index = index
        self.lines = lines
        self.front_matter = front_matter
        self.front_matter_error = front_matter_error
        self.front_matter_lines = front_matter_lines
        self.title = title
        self.title_text = title_text
        self.sections = sections
        self.fields = fields
        self.sentences = sentences
        self.runs = runs
        self.tables = tables
        self.list_items = list_items
        self.comments = comments
        self.links = links
        self.footnote_definitions = footnote_definitions
        self.source_material = source_material
        self.html = html
        self.__class__ = Document

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def line_span(self, line: int) -> Span:
        """The span of 1-based ``line`` without its line terminator."""
        return self.index.span(self.index.line_start(line - 1), self.index.line_end(line - 1))

    def top_span(self) -> Span:
        """Where document-level findings go: line 1, column 1."""
        return TOP_SPAN

    def in_source_material(self, position: Position) -> bool:
        """Whether ``position`` lies in embedded source material (text the report quotes)."""
        return any(m.span.start <= position < m.span.end for m in self.source_material)


TOP_SPAN = Span(Position(1, 1), Position(1, 1))

make_text_run = _maker(TextRun)
make_sentence = _maker(Sentence)
make_field = _maker(Field)
make_table_row = _maker(TableRow)
make_table = _maker(Table)
make_list_item = _maker(ListItem)
make_comment = _maker(Comment)
make_raw_html = _maker(RawHtml)
make_source_material = _maker(SourceMaterial)
open_section = _maker(Section)
make_document = _maker(Document)
