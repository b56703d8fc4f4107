"""The parsed report every rule reads: sections, fields, tables, lists and sentences.

The Markdown is parsed once with markdown-it-py. Inline markup is stripped into plain
text runs, each keeping an :class:`OffsetMap` back to the source so that every object
has exact 1-based line and column positions.
"""
from __future__ import annotations

import gc
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field as dc_field
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Any, Literal, TypeVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from reportlint._frontmatter import flatten, split_front_matter
from reportlint._positions import LineIndex, OffsetMap, Position, Span
from reportlint._source import InputError

_T = TypeVar("_T")
BlockKind = Literal["paragraph", "list_item", "table_cell", "blockquote", "heading", "footnote", "front_matter"]
FieldSource = Literal["front-matter", "inline", "table"]

_PARSER: MarkdownIt | None = None
# markdown-it silently drops everything below this many nested blocks (lists count twice);
# rather than lint half a file, such a file is refused with one error line.
MAX_NESTING = 100
_TOO_DEEP = "reportlint.too_deep"
_TOKENS = ("reportlint", "tokens")  # Document.derived key
# The token types the builder reads; the others (closing paragraphs, cells...) are skipped at once.
_WALKED = frozenset(
    """inline heading_open heading_close paragraph_open fence code_block table_open hr bullet_list_open
    ordered_list_open bullet_list_close ordered_list_close list_item_open list_item_close blockquote_open
    blockquote_close table_close thead_open thead_close tr_open tr_close html_block footnote_open footnote_close""".split()
)


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").use(footnote_plugin)
        tokenize = parser.block.tokenize

        def tokenize_or_note_depth(state: Any, start: int, end: int) -> None:
            if state.level >= MAX_NESTING:
                state.env.setdefault(_TOO_DEEP, start)
            tokenize(state, start, end)

        parser.block.tokenize = tokenize_or_note_depth  # nested blocks call it through the instance
        _PARSER = parser
    return _PARSER


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


@dataclass(frozen=True, slots=True)
class SourceMarkers:
    """How embedded source material is recognised (normalised with :func:`normalize_title`).

    ``open``: a line that starts a leading source block; ``close``: a line that ends it
    (the first heading ends it too); ``sections``: titles of sections that hold the source.
    """

    open: frozenset[str] = frozenset({"full report", "source", "source text", "original article", "source material", "original report"})
    close: frozenset[str] = frozenset({"analysis summary", "analysis", "report", "summary of analysis"})
    sections: frozenset[str] = frozenset({"source text", "source material", "full report", "original article", "excerpt"})

    @classmethod
    def from_lists(cls, open: Iterable[str] | None = None, close: Iterable[str] | None = None, sections: Iterable[str] | None = None) -> SourceMarkers:
        """Markers from configuration lists; a list left out keeps its default."""
        default = cls()

        def norm(values: Iterable[str] | None, fallback: frozenset[str]) -> frozenset[str]:
            return fallback if values is None else frozenset(normalize_title(v) for v in values)

        return cls(norm(open, default.open), norm(close, default.close), norm(sections, default.sections))


DEFAULT_SOURCE_MARKERS = SourceMarkers()


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
    _derived: dict[Hashable, Any] = dc_field(default_factory=dict, repr=False)

    def derived(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """An analysis several rules share (all dates, the timeline...), computed once per document.

        ``key`` must name everything the result depends on besides the document (e.g. the
        options that shaped it); ``compute`` must be pure.
        """
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = compute()
            return value

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The markdown-it tokens (an escape hatch no built-in rule uses).

        Parsed again on first use: keeping them would double the memory a large report takes.
        """
        return self.derived(_TOKENS, lambda: tuple(_parser().parse(_markdown_source(self.text, self.index, self.front_matter_lines), {})))

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


_NUMBERING = re.compile(r"^\s*(?:(?:\d+|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)*)\s+", re.IGNORECASE)
_EDGE_PUNCT = re.compile(r"^[\W_]+|(?<![\W_])[\W_]+$")  # lookbehind: linear on long runs


@lru_cache(maxsize=4096)
def normalize_title(title: str) -> str:
    """Heading text for matching: case, numbering ("3. Impact"), edge punctuation ignored.

    Cached: rules normalise the same few titles and option lists for every sentence.
    """
    text = _NUMBERING.sub("", title.strip())
    text = _EDGE_PUNCT.sub("", text)
    return " ".join(text.casefold().split())


# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    """e.g i.e etc vs mr mrs ms dr prof inc ltd co corp jr sr st no nos fig figs approx
    u.s u.k u.n e.u cf al jan feb mar apr jun jul aug sep sept oct nov dec est dept gov
    vol pp ca resp dept min max avg ref refs sec ver""".split()
)
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9*_])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])\.*([A-Za-z][A-Za-z.]*)$")  # lookbehind: linear on long runs
_WORD_WINDOW = 40  # longer than any abbreviation; searching further back is quadratic in long paragraphs
_FIELD_LINE = re.compile(r"[A-Z][\w /&()'’-]{0,50}:\s")
_TERMINAL = ".!?:;…"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges in ``text``: a regex boundary that skips abbreviations and initials.

    A line break ends a sentence too when the line ends with terminal punctuation, the
    next line is a ``Label:`` line, or the line is a short title-like line.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    cuts: list[int] = []
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if text[match.start()] == ".":
            word = _WORD_BEFORE.search(text, max(0, match.start() - _WORD_WINDOW), match.start())
            if word:
                token = word.group(1).lower().rstrip(".")
                if token in _ABBREVIATIONS or (len(token) == 1 and word.group(1)[0].isupper()):
                    continue
                if "." in token and len(token) <= 6:  # U.S., U.K., e.g
                    continue
        cuts.append(end)
    if "\n" in text:
        cuts.extend(_line_cuts(text))
        cuts.sort()
    for cut in cuts:
        if cut > start:
            ranges.append((start, cut))
            start = cut
    ranges.append((start, len(text)))
    return [trimmed for a, b in ranges if (trimmed := _trim(text, a, b))[0] < trimmed[1]]


def _line_cuts(text: str) -> Iterator[int]:
    position = text.find("\n")
    while position != -1:
        line_start = text.rfind("\n", 0, position) + 1
        line = text[line_start:position].rstrip()
        following = text[position + 1 : position + 80]
        if line and (
            line[-1] in _TERMINAL
            or _FIELD_LINE.match(following)
            or (len(line.split()) <= 6 and following[:1].isupper() and line[-1] not in ",-")
        ):
            yield position + 1
        position = text.find("\n", position + 1)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading and trailing white space (``(end, end)`` if nothing is left)."""
    segment = text[start:end]
    kept = segment.strip()
    if not kept:
        return end, end
    start += len(segment) - len(segment.lstrip())
    return start, start + len(kept)


# ---------------------------------------------------------------- fields

_INLINE_FIELD = re.compile(r"(?P<label>[A-Za-z][^:\n]{0,60}?)\s*:(?:[ \t]+(?P<value>\S(?:[^\n]*[^ \t\n])?)|)[ \t]*$")
_DASH_FIELD = re.compile(r"(?P<label>[A-Za-z][^\n—–]{0,60}?)[ \t]+[—–][ \t]+(?P<value>\S(?:[^\n]*[^ \t\n])?)[ \t]*$")
_HYPHEN_FIELD = re.compile(r"(?P<label>[A-Za-z][^\n]{0,60}?)[ \t]+-[ \t]+(?P<value>\S(?:[^\n]*[^ \t\n])?)[ \t]*$")
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


class _Markers:
    """The links and footnote references of one run, found per range by bisection.

    Scanning every link for every sentence or line would make a long paragraph with
    many links quadratic.
    """

    __slots__ = ("links", "link_starts", "reach", "notes", "note_offsets", "strong_ends")

    def __init__(self, run: TextRun) -> None:
        self.links = run.links  # sorted by start
        self.link_starts = [a for a, _, _ in run.links]
        self.reach = list(accumulate((b for _, b, _ in run.links), max))  # furthest end so far
        self.notes = run.footnotes  # in text order
        self.note_offsets = [at for at, _ in run.footnotes]
        self.strong_ends: dict[int, int] = {}
        for start, end in run.strong:
            self.strong_ends.setdefault(start, end)

    def within(self, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Hrefs of links overlapping ``[start, end)`` and labels of notes in ``[start, end]``."""
        links: tuple[str, ...] = ()
        if self.links:
            found = []
            index = bisect_left(self.link_starts, end) - 1
            while index >= 0 and self.reach[index] > start:
                a, b, href = self.links[index]
                if b > start:
                    found.append(href)
                index -= 1
            links = tuple(reversed(found))
        notes: tuple[str, ...] = ()
        if self.notes:
            low, high = bisect_left(self.note_offsets, start), bisect_right(self.note_offsets, end)
            notes = tuple(label for _, label in self.notes[low:high])
        return links, notes

    def link_starting_in(self, start: int, end: int) -> bool:
        """Whether a link starts in ``[start, end)``."""
        index = bisect_left(self.link_starts, start)
        return index < len(self.link_starts) and self.link_starts[index] < end


def _fields_of_run(run: TextRun, markers: _Markers | None) -> Iterator[Field]:
    text = run.text
    line_start = 0
    for line in text.split("\n"):
        if line.strip():
            found = _field_in_line(run, line, line_start, markers)
            if found is not None:
                yield found
        line_start += len(line) + 1


def _field_in_line(run: TextRun, line: str, offset: int, markers: _Markers | None) -> Field | None:
    lead = len(line) - len(line.lstrip())
    emphasized_end = markers.strong_ends.get(offset + lead) if markers is not None else None
    match = _INLINE_FIELD.match(line, lead)
    if match is None and run.kind == "list_item":
        match = _DASH_FIELD.match(line, lead)
        if match is None and emphasized_end is not None:
            match = _HYPHEN_FIELD.match(line, lead)
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
    return Field(
        name=label,
        value=value,
        section=run.section,
        source="inline",
        run=run,
        value_start=value_start,
        emphasized=emphasized,
        _span=(name_start, offset + match.end()),
        _name_span=(name_start, name_end),
    )


def _fields_of_table(table: Table) -> Iterator[Field]:
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
        start, end = _trim(value, 0, len(value))
        yield Field(
            name=label.rstrip(":").strip(),
            value=value[start:end],
            section=table.section,
            source="table",
            run=value_run,
            value_start=start,
            emphasized=emphasized,
            row=row,
            _span=row.span,
            _name_span=label_run.span(),
        )


# ---------------------------------------------------------------- inline runs

_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[a-z0-9-]+\.[^\s<>\"')\]]+", re.IGNORECASE)


class _RunBuilder:
    """Turns one markdown-it ``inline`` token into a :class:`TextRun`."""

    def __init__(self, source: str, index: LineIndex) -> None:
        self.source = source
        self.index = index
        self.comments: list[Comment] = []
        self.html: list[RawHtml] = []

    def build(self, token: Token, kind: BlockKind, cursor: int, limit: int, quoted: bool) -> tuple[TextRun, int]:
        source = self.source
        omap = OffsetMap()
        children = token.children or ()
        if len(children) == 1 and children[0].type == "text":  # no inline markup: half the runs
            text = children[0].content
            if text:
                cursor = self._place(omap, 0, text, cursor, limit)
            return self._run(kind, text, omap, [], [], [], [], quoted), cursor
        parts: list[str] = []
        length = 0
        blanks: list[tuple[int, int]] = []
        links: list[tuple[int, int, str]] = []
        open_links: list[tuple[int, str]] = []
        footnotes: list[tuple[int, str]] = []
        strong: list[tuple[int, int]] = []
        open_strong: list[int] = []
        for child in children:
            ctype = child.type
            if ctype in ("text", "code_inline"):
                content = child.content
                if not content:
                    continue
                cursor = self._place(omap, length, content, cursor, limit)
                if ctype == "code_inline":
                    blanks.append((length, length + len(content)))
                    cursor = _skip_run(source, cursor, limit, "`")
                parts.append(content)
                length += len(content)
            elif ctype in ("softbreak", "hardbreak"):
                newline = _next_line_break(source, cursor, limit + 1)
                newline = cursor if newline == -1 else newline
                omap.add(length, newline)
                parts.append("\n")
                length += 1
                cursor = newline + 1
            elif ctype == "link_open":
                open_links.append((length, str(child.attrs.get("href", ""))))
            elif ctype == "link_close" and open_links:
                start, href = open_links.pop()
                links.append((start, length, href))
                if child.markup == "autolink" or child.info == "auto":
                    blanks.append((start, length))
                cursor = _skip_link_tail(source, cursor, limit, href)
            elif ctype == "image":
                target = str(child.attrs.get("src", ""))
                found = source.find(target, cursor, limit) if target else -1
                if found != -1:
                    cursor = _skip_link_tail(source, found + len(target), limit, "")
            elif ctype == "footnote_ref":
                label = str((child.meta or {}).get("label", ""))
                marker = f"[^{label}]"
                found = source.find(marker, cursor, limit)
                if found != -1:
                    cursor = found + len(marker)
                footnotes.append((length, label))
            elif ctype == "html_inline":
                found = source.find(child.content, cursor, limit)
                if found != -1:
                    where = self.index.span(found, found + len(child.content))
                    if child.content.startswith("<!--"):
                        self.comments.append(Comment(child.content, where, True))
                    else:
                        self.html.append(RawHtml(child.content, where, True))
                    cursor = found + len(child.content)
            elif ctype == "strong_open":
                open_strong.append(length)
            elif ctype == "strong_close" and open_strong:
                strong.append((open_strong.pop(), length))
        return self._run(kind, "".join(parts), omap, blanks, links, footnotes, strong, quoted), cursor

    def _run(self, kind: BlockKind, text: str, omap: OffsetMap, blanks: list[tuple[int, int]], links: list[tuple[int, int, str]], footnotes: list[tuple[int, str]], strong: list[tuple[int, int]], quoted: bool) -> TextRun:
        """The run of ``text``, with its bare URLs found and blanked in ``prose``."""
        if "://" in text or "www." in text.lower():  # what every bare URL contains; the search is slow
            for match in _BARE_URL.finditer(text):
                blanks.append(match.span())
                links.append((match.start(), match.end(), match.group()))
        prose = _blank(text, blanks)
        return TextRun(kind, text, prose, omap, self.index, _sorted(links), tuple(footnotes), _sorted(strong), None, quoted)

    def _place(self, omap: OffsetMap, length: int, content: str, cursor: int, limit: int) -> int:
        """Map ``content`` to where it stands in the source; returns the cursor after it."""
        found = self.source.find(content, cursor, limit)
        if found != -1:
            omap.add(length, found)
            return found + len(content)
        # escapes and entities: align character by character within a short window
        source = self.source
        expected = -1
        for offset, char in enumerate(content):
            hit = source.find(char, cursor, min(cursor + 16, limit))
            position = cursor if hit == -1 else hit
            if position != expected:
                omap.add(length + offset, position)
            cursor = position + (hit != -1)
            expected = position + 1
        return cursor


def _sorted(items: list[_T]) -> tuple[_T, ...]:
    return tuple(sorted(items)) if items else ()


def _next_line_break(source: str, start: int, end: int) -> int:
    """Offset of the next line break's last character (the LF of a CRLF; a lone CR counts), or -1."""
    lf = source.find("\n", start, end)
    cr = source.find("\r", start, lf if lf != -1 else end)
    if cr == -1:
        return lf
    return cr + 1 if source.startswith("\n", cr + 1) else cr


def _skip_run(source: str, cursor: int, limit: int, char: str) -> int:
    while cursor < limit and source[cursor] == char:
        cursor += 1
    return cursor


_PAREN_OR_NEWLINE = re.compile(r"[()\n]")


def _skip_link_tail(source: str, cursor: int, limit: int, href: str) -> int:
    """Move past ``](dest "title")``, ``][ref]`` or ``]`` after a link's text."""
    if cursor >= limit or source[cursor] != "]":
        return cursor
    after = cursor + 1
    if after < limit and source[after] == "(":
        depth = 0
        for match in _PAREN_OR_NEWLINE.finditer(source, after, limit):
            char = match.group()
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return match.end()
            elif match.start() > after + 2000:
                break
        return after
    if after < limit and source[after] == "[":
        close = source.find("]", after, limit)
        return close + 1 if close != -1 else after
    return after


def _blank(text: str, ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        for position in range(start, end):
            if chars[position] != "\n":
                chars[position] = " "
    return "".join(chars)


# ---------------------------------------------------------------- source material

_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_COMMENT_LINE = re.compile(r"\s*<!--.*-->\s*")


def _marker(line: str) -> str:
    return normalize_title(line.strip().strip("#*_ ").rstrip(":").strip("*_ "))


def _leading_source_block(lines: tuple[str, ...], first_line: int, markers: SourceMarkers = DEFAULT_SOURCE_MARKERS) -> tuple[int, int] | None:
    """The 0-based first and last line of a leading excerpt such as the seed's.

    It opens with a marker line ("Full Report", "Source", ...) and ends before an
    analysis marker line ("Analysis Summary", ...) or before the first heading.
    """
    opener = next((i for i in range(first_line, min(len(lines), first_line + 50)) if lines[i].strip() and not _COMMENT_LINE.fullmatch(lines[i])), None)
    if opener is None or _marker(lines[opener]) not in markers.open:
        return None
    for index in range(opener + 1, len(lines)):
        line = lines[index]
        if _marker(line) in markers.close:
            return (opener + 1, index - 1) if index - 1 >= opener + 1 else None
        if _ATX_HEADING.match(line):
            last = index - 1
            while last > opener and not lines[last].strip():
                last -= 1
            return (opener + 1, last) if last >= opener + 1 else None
    return None


# ---------------------------------------------------------------- building

def without_gc(function: Callable[..., _T], *args: Any) -> _T:
    """``function(*args)`` with the cyclic garbage collector paused.

    Parsing and checking allocate many objects and almost no garbage cycles, so the
    collector's repeated passes over a growing heap are pure cost: 40 % of the time on
    a 2.5 MB report, and more than linear in its size. It runs again right after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()


def parse_document(path: str, text: str, source_markers: SourceMarkers = DEFAULT_SOURCE_MARKERS) -> Document:
    """Parse decoded report text (BOM already removed, line endings kept)."""
    return without_gc(_parse, path, text, source_markers)


def _markdown_source(text: str, index: LineIndex, front_lines: int) -> str:
    """What markdown-it parses: front matter lines blanked, so that token lines stay file lines."""
    if not front_lines:
        return text
    return "\n" * front_lines + text[index.line_start(front_lines):]


def _parse(path: str, text: str, source_markers: SourceMarkers) -> Document:
    index = LineIndex(text)
    lines = index.lines()
    front = split_front_matter(lines)
    front_lines = front.end_line if front is not None else 0
    env: dict[str, Any] = {}
    tokens = _parser().parse(_markdown_source(text, index, front_lines), env)
    if _TOO_DEEP in env:
        raise InputError(f"Markdown nested more than {MAX_NESTING} levels deep at line {env[_TOO_DEEP] + 1}; not linted")
    return _Builder(path, text, index, lines, tokens, front, front_lines, source_markers).build()


class _Builder:
    def __init__(self, path: str, text: str, index: LineIndex, lines: tuple[str, ...], tokens: list[Token], front: Any, front_lines: int, source_markers: SourceMarkers) -> None:
        self.path = path
        self.source_markers = source_markers
        self.text = text
        self.index = index
        self.lines = lines
        self.tokens = tokens
        self.front = front
        self.front_lines = front_lines
        self.runs = _RunBuilder(text, index)
        self.sections: list[Section] = []
        self.stack: list[Section] = []
        self.all_runs: list[TextRun] = []
        self.fields: list[Field] = []
        self.sentences: list[Sentence] = []
        self.tables: list[Table] = []
        self.items: list[ListItem] = []
        self.comments: list[Comment] = []
        self.html: list[RawHtml] = []
        self.footnote_defs: dict[str, TextRun] = {}

    @property
    def current(self) -> Section | None:
        return self.stack[-1] if self.stack else None

    def build(self) -> Document:
        front_values: dict[str, str] = {}
        front_error = None
        if self.front is not None:
            front_values = flatten(self.front.values)
            if self.front.error:
                front_error = (self.front.error, self._line_span(0))
            self.fields.extend(self._front_matter_fields(front_values))
        self._walk()
        self._close_sections(0, len(self.lines))
        source_material = self._mark_source_material()
        title = next((s for s in self.sections if s.level == 1), None)
        title_text = title.title if title else (front_values.get("title") or None)
        links = tuple(href for run in self.all_runs for _, _, href in run.links)
        return Document(
            path=self.path,
            text=self.text,
            index=self.index,
            lines=self.lines,
            front_matter=front_values,
            front_matter_error=front_error,
            front_matter_lines=self.front_lines,
            title=title,
            title_text=title_text,
            sections=tuple(self.sections),
            fields=tuple(self.fields),
            sentences=tuple(self.sentences),
            runs=tuple(self.all_runs),
            tables=tuple(self.tables),
            list_items=tuple(self.items),
            comments=tuple(sorted(self.comments + self.runs.comments, key=lambda c: c.span)),
            links=links,
            footnote_definitions=self.footnote_defs,
            source_material=source_material,
            html=tuple(sorted(self.html + self.runs.html, key=lambda h: h.span)),
        )

    def _mark_source_material(self) -> tuple[SourceMaterial, ...]:
        """Find quoted source text and mark its sentences ``quoted``: it is not the author's prose."""
        found: list[SourceMaterial] = []
        block = _leading_source_block(self.lines, self.front_lines, self.source_markers)
        if block is not None:
            first, last = block  # 0-based lines of the excerpt, inclusive
            start, end = self.index.line_start(first), self.index.line_end(last)
            found.append(SourceMaterial(self.index.span(start, end), self.text[start:end], "leading-block"))
            for sentence in self.sentences:  # by line, without making every sentence's span
                if first <= self.index.line(sentence.run.omap.source_offset(sentence.start)) <= last + 2:
                    sentence.quoted = True
        for section in self.sections:
            if normalize_title(section.title) in self.source_markers.sections and section.body_span is not None:
                span = section.body_span
                start = self.index.line_start(span.start.line - 1) + span.start.column - 1
                end = self.index.line_start(span.end.line - 1) + span.end.column - 1
                found.append(SourceMaterial(span, self.text[start:end], "section", section))
                for inner in section.walk():
                    for sentence in inner.sentences:
                        sentence.quoted = True
        return tuple(found)

    def _line_span(self, line0: int) -> Span:
        return self.index.span(self.index.line_start(line0), self.index.line_end(line0))

    def _front_matter_fields(self, values: dict[str, str]) -> Iterator[Field]:
        end = self.front.end_line - 1
        for key, value in values.items():
            pattern = re.compile(r"[ \t]*[\"']?" + re.escape(key) + r"[\"']?[ \t]*[:=][ \t]*")
            for line0 in range(1, end):
                match = pattern.match(self.lines[line0])
                if not match:
                    continue
                line_start = self.index.line_start(line0)
                rest = self.lines[line0][match.end():]
                found = rest.find(value) if value else -1
                value_offset = line_start + match.end() + (found if found != -1 else 0)
                omap = OffsetMap()
                omap.add(0, value_offset)
                run = TextRun("front_matter", value, value, omap, self.index)
                yield Field(
                    name=key,
                    value=value,
                    section=None,
                    source="front-matter",
                    run=run,
                    value_start=0,
                    _span=self._line_span(line0),
                    _name_span=self.index.span(line_start + match.start(), line_start + match.start() + len(key)),
                    _value_span=None if found != -1 else self._line_span(line0),
                )
                break

    # -- sections

    def _open_section(self, level: int, heading: TextRun, map_: list[int]) -> None:
        self._close_sections(level, map_[0])
        span = self.index.span(self.index.line_start(map_[0]), self.index.line_end(map_[1] - 1))
        section = Section(heading.text.strip(), level, span, heading.span(*_trim(heading.text, 0, len(heading.text))), heading)
        parent = self.current
        section.parent = parent
        if parent is not None:
            parent.children.append(section)
        heading.section = section
        self.sections.append(section)
        self.stack.append(section)
        self._body_start = map_[1]

    def _close_sections(self, level: int, next_line0: int) -> None:
        """Close open sections at ``level`` or deeper; their bodies end before ``next_line0``."""
        while self.stack and self.stack[-1].level >= level:
            section = self.stack.pop()
            body_first = section.span.end.line  # 1-based line of the heading's last line == 0-based next line
            last = max(next_line0 - 1, body_first - 1)
            start = self.index.line_start(body_first) if body_first < len(self.lines) else len(self.text)
            end = self.index.line_end(last) if next_line0 - 1 >= body_first else start
            section.body_span = self.index.span(start, max(start, end))

    # -- tokens

    def _walk(self) -> None:
        # Tokens are consumed from the end of the reversed list, so each one (and its inline
        # children) is freed as soon as it has been read: on a large report the token list
        # would otherwise be alive, next to the model built from it, until the build ends.
        tokens = self.tokens
        tokens.reverse()
        containers: list[str] = []
        heading_level = 0
        table: dict[str, Any] | None = None
        row: list[TextRun] | None = None
        row_map: list[int] | None = None
        item_stack: list[dict[str, Any]] = []
        list_depth = 0
        ordered_stack: list[bool] = []
        footnote_label: str | None = None
        last_line = -1
        cursor = 0
        starts, text_end = self.index.starts, len(self.text)
        items: list[tuple[tuple[int, int], ListItem]] = []  # sorted by (first line, last line) == by span
        while tokens:
            token = tokens.pop()
            ttype = token.type
            if ttype not in _WALKED:
                continue
            if ttype == "inline":
                map_ = token.map or [0, 1]
                region_start = starts[map_[0]] if map_[0] < len(starts) else text_end
                limit = starts[map_[1]] if map_[1] < len(starts) else text_end
                if map_[0] != last_line or cursor < region_start:
                    cursor = region_start
                last_line = map_[0]
                kind = self._kind(containers, heading_level, footnote_label)
                run, cursor = self.runs.build(token, kind, cursor, limit, "blockquote" in containers)
                self._add_run(run, heading_level, map_, footnote_label, table, row, item_stack)
            elif ttype == "heading_open":
                heading_level = int(token.tag[1])
            elif ttype == "heading_close":
                heading_level = 0
            elif ttype in ("paragraph_open", "fence", "code_block", "table_open", "hr"):
                if not containers or containers == ["blockquote"] * len(containers):
                    self._count_content()
                if ttype == "table_open":
                    table = {"header": None, "rows": [], "map": token.map, "in_head": False}
                    containers.append("table")
            elif ttype in ("bullet_list_open", "ordered_list_open"):
                if not containers or all(c == "blockquote" for c in containers):
                    self._count_content()
                list_depth += 1
                ordered_stack.append(ttype == "ordered_list_open")
            elif ttype in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
                ordered_stack.pop()
            elif ttype == "list_item_open":
                containers.append("list_item")
                item_stack.append({"runs": [], "map": token.map, "depth": list_depth, "ordered": ordered_stack[-1] if ordered_stack else False, "section": self.current})
            elif ttype == "list_item_close":
                containers.pop()
                item = item_stack.pop()
                map_ = item["map"] or [0, 1]
                lines = (map_[0], max(map_[1] - 1, map_[0]))
                items.append((lines, ListItem(tuple(item["runs"]), item["depth"], item["ordered"], item["section"], lines, self.index)))
            elif ttype == "blockquote_open":
                if not containers:
                    self._count_content()
                containers.append("blockquote")
            elif ttype == "blockquote_close":
                containers.pop()
            elif ttype == "table_close" and table is not None:
                containers.pop()
                self._finish_table(table)
                table = None
            elif ttype == "thead_open" and table is not None:
                table["in_head"] = True
            elif ttype == "thead_close" and table is not None:
                table["in_head"] = False
            elif ttype == "tr_open":
                row, row_map = [], token.map
            elif ttype == "tr_close" and table is not None and row is not None:
                map_ = row_map or [0, 1]
                span = self.index.span(self.index.line_start(map_[0]), self.index.line_end(map_[0]))
                table_row = TableRow(tuple(row), span, table["in_head"])
                if table["in_head"]:
                    table["header"] = table_row
                else:
                    table["rows"].append(table_row)
                row = None
            elif ttype == "html_block":
                self._html_block(token)
            elif ttype == "footnote_open":
                footnote_label = str((token.meta or {}).get("label", ""))
            elif ttype == "footnote_close":
                footnote_label = None
        items.sort(key=itemgetter(0))  # stable, like sorting by span: spans start at column 1 and end at a line end
        self.items = [item for _, item in items]

    def _count_content(self) -> None:
        if self.current is not None:
            self.current.content_blocks += 1

    @staticmethod
    def _kind(containers: list[str], heading_level: int, footnote_label: str | None) -> BlockKind:
        if heading_level:
            return "heading"
        if footnote_label is not None:
            return "footnote"
        for container in reversed(containers):
            if container == "table":
                return "table_cell"
            if container == "list_item":
                return "list_item"
            if container == "blockquote":
                return "blockquote"
        return "paragraph"

    def _add_run(self, run: TextRun, heading_level: int, map_: list[int], footnote_label: str | None, table: Any, row: Any, item_stack: list[dict[str, Any]]) -> None:
        if heading_level:
            self._open_section(heading_level, run, map_)
            self.all_runs.append(run)
            self._add_sentences(run, _Markers(run) if run.links or run.footnotes else None)
            return
        run.section = self.current
        self.all_runs.append(run)
        if footnote_label is not None:
            self.footnote_defs.setdefault(footnote_label, run)
            return
        if self.current is not None:
            self.current.runs.append(run)
        if row is not None:
            row.append(run)
        elif item_stack:
            item_stack[-1]["runs"].append(run)
        markers = _Markers(run) if run.links or run.footnotes or run.strong else None
        if run.kind != "table_cell":
            for found in _fields_of_run(run, markers):
                self._add_field(found)
        self._add_sentences(run, markers)

    def _add_field(self, found: Field) -> None:
        self.fields.append(found)
        if found.section is not None:
            found.section.fields.append(found)

    def _add_sentences(self, run: TextRun, markers: _Markers | None) -> None:
        text, prose = run.text, run.prose
        for start, end in split_sentences(text):
            links, notes = markers.within(start, end) if markers is not None else ((), ())
            words = text[start:end]
            blanked = words if prose is text else prose[start:end]  # one string when nothing is blanked
            sentence = Sentence(words, blanked, run.section, run.kind, links, notes, run, start, run.quoted)
            self.sentences.append(sentence)
            if run.section is not None:
                run.section.sentences.append(sentence)

    def _finish_table(self, table: dict[str, Any]) -> None:
        map_ = table["map"] or [0, 1]
        span = self.index.span(self.index.line_start(map_[0]), self.index.line_end(max(map_[1] - 1, map_[0])))
        built = Table(table["header"], tuple(table["rows"]), span, self.current)
        self.tables.append(built)
        for found in _fields_of_table(built):
            self._add_field(found)

    def _html_block(self, token: Token) -> None:
        content = token.content
        map_ = token.map or [0, 1]
        base = self.index.line_start(map_[0])
        limit = self.index.line_start(map_[1]) if map_[1] < len(self.index.starts) else len(self.text)
        position = self.text.find("<!--", base, limit)
        while position != -1:
            close = self.text.find("-->", position + 4, limit)
            end = limit if close == -1 else close + 3
            self.comments.append(Comment(self.text[position:end], self.index.span(position, end), False))
            position = self.text.find("<!--", end, limit)
        if "<!--" not in content or content.strip()[:4] != "<!--":
            self._count_content()
            text = content.strip()
            start = self.text.find(text, base, limit) if text else -1
            if start != -1:
                self.html.append(RawHtml(text, self.index.span(start, start + len(text)), False))
