"""Builds the :class:`~reportlint._document.Document` from markdown-it-py's tokens, in one pass."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from bisect import bisect_left
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from reportlint._analysis import Analyses, analysis
from reportlint._dates import lazy_regex
from reportlint._document import (
    BlockKind, Comment, Document, Field, ListItem, RawHtml, Section, Sentence, SourceMaterial, Table, TableRow, TextRun,
    make_comment, make_document, make_field, make_list_item, make_raw_html, make_sentence, make_source_material, make_table, make_table_row, make_text_run, open_section,
)
from reportlint._fields import fields_of_run, fields_of_table
from reportlint._frontmatter import FrontMatter, field_values, flatten, split_front_matter
from reportlint._inline import Markers, RunBuilder
from reportlint._positions import LineIndex, OffsetMap, Span
from reportlint._sentences import split_sentences
from reportlint._source import InputError
from reportlint._source_material import DEFAULT_SOURCE_MARKERS, SourceMarkers, leading_source_block
from reportlint._sourcefile import SourceFileLookup
from reportlint._text import normalize_title

_PARSER: MarkdownIt | None = None
# markdown-it silently drops everything below this many nested blocks (lists count twice);
# rather than lint half a file, such a file is refused with one error line.
MAX_NESTING = 100
# Inline markup (links, emphasis) nests at most CommonMark's default depth: markdown-it scans ahead
# once per level, so 100 levels made a line of "[" five times slower to parse than 20 (1 MB: 45 s).
INLINE_NESTING = 20
_TOO_DEEP = "reportlint.too_deep"


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        # markdown-it drops the blocks at level maxNesting and below: one more than we accept,
        # so that exactly MAX_NESTING nested blocks are parsed, and more are refused
        parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING + 1}).enable("table").use(footnote_plugin)
        tokenize = parser.block.tokenize

        def tokenize_or_note_depth(state: StateBlock, startLine: int, endLine: int) -> None:
            if state.level > MAX_NESTING:
                state.env.setdefault(_TOO_DEEP, startLine)
            tokenize(state, startLine, endLine)

        parser.block.tokenize = tokenize_or_note_depth  # type: ignore[method-assign]  # nested blocks call it through the instance
        from markdown_it.rules_core.inline import inline as core_inline

        def inline_shallow(state: StateCore) -> None:
            """The core's inline step, which parses every inline token (the footnote plugin's
            nested parses included) after all blocks: the limit is set once per document, not
            once per paragraph."""
            md = state.md
            block_nesting, md.options["maxNesting"] = md.options["maxNesting"], INLINE_NESTING
            try:
                core_inline(state)
            finally:
                md.options["maxNesting"] = block_nesting

        parser.core.ruler.at("inline", inline_shallow)
        normalize_link = parser.normalizeLink

        def plain_or_normalized(url: str) -> str:
            """markdown-it's link normalisation (URL parse, punycode, percent-encoding: a third of
            a link's parse), skipped for a plain http(s) URL, which it returns unchanged."""
            return url if _PLAIN_URL.fullmatch(url) else normalize_link(url)

        parser.normalizeLink = plain_or_normalized  # type: ignore[method-assign]
        if _DestinationResult is not None:  # markdown-it's private result type; without it, its own reading
            parser.helpers = _LinkHelpers()  # type: ignore[assignment]
        _PARSER = parser
    return _PARSER


# An http(s) URL that markdown-it's normalizeLink returns as it is: a lower-case ASCII host without
# port or user, and a path of unreserved characters (no query, fragment or percent sign).
_PLAIN_URL = re.compile(r"https?://[a-z0-9.-]+(?:/[A-Za-z0-9._~/-]*)?")

try:  # private to markdown-it-py: a release that moves it only loses the fast path below
    from markdown_it.helpers.parse_link_destination import _Result as _DestinationResult
except ImportError:  # pragma: no cover
    _DestinationResult = None  # type: ignore[assignment,misc]

# A link destination that markdown-it's parseLinkDestination reads character by character and
# returns as it is: no brackets, parentheses, backslash, entity, space or control character.
_PLAIN_DESTINATION = re.compile(r"[A-Za-z0-9:/._~%?=#+-]+")


class _LinkHelpers:
    """markdown-it's link helpers (the parser reads them from its ``helpers``), with a plain
    destination taken in one regular-expression match."""

    def __init__(self) -> None:
        from markdown_it import helpers

        self.parseLinkLabel = helpers.parseLinkLabel
        self.parseLinkTitle = helpers.parseLinkTitle
        self._destination = helpers.parseLinkDestination

    def parseLinkDestination(self, string: str, pos: int, maximum: int) -> Any:  # noqa: N802 - markdown-it's name
        plain = _PLAIN_DESTINATION.match(string, pos, maximum)
        if plain is not None:
            end = plain.end()
            if end == maximum or string[end] in " )" or string[end] < " " or string[end] == "\x7f":
                result = _DestinationResult()
                result.ok, result.pos, result.str = True, end, plain.group()
                return result
        return self._destination(string, pos, maximum)


# A front-matter line names a key as ``[ \t]*["']?KEY["']?[ \t]*[:=][ \t]*``. Each line is read once
# (a key's first line wins), so N keys cost O(size), not O(N x lines); only the first few ':'/'='
# of a line can end a key, which bounds the work on a line of separators.
_KEY_SEPARATOR = re.compile(r"[:=][ \t]*")
_SEPARATORS_PER_LINE = 8


def _key_lines(lines: tuple[str, ...], first: int, end: int) -> dict[str, tuple[int, int]]:
    """Each key candidate -> (0-based line of its first occurrence, offset after its separator)."""
    where: dict[str, tuple[int, int]] = {}
    for line0 in range(first, end):
        line = lines[line0]
        lead = len(line) - len(line.lstrip(" \t"))
        for count, sep in enumerate(_KEY_SEPARATOR.finditer(line, lead)):
            if count == _SEPARATORS_PER_LINE:
                break
            head = line[lead:sep.start()].rstrip(" \t")
            for name in _unquoted(head, end_quote=True):
                for key in _unquoted(name, end_quote=False):
                    where.setdefault(key, (line0, sep.end()))
    return where


def _unquoted(text: str, *, end_quote: bool) -> tuple[str, ...]:
    """``text`` and, when it ends (or starts) with a quote, ``text`` without it."""
    if end_quote and text[-1:] in ("'", '"'):
        return (text, text[:-1])
    if not end_quote and text[:1] in ("'", '"'):
        return (text, text[1:])
    return (text,)


def _markdown_source(text: str, index: LineIndex, front_lines: int) -> str:
    """What markdown-it parses: front matter lines blanked, so that token lines stay file lines."""
    if not front_lines:
        return text
    return "\n" * front_lines + text[index.line_start(front_lines):]


def parse_document(path: str, text: str, source_markers: SourceMarkers = DEFAULT_SOURCE_MARKERS, source_file: SourceFileLookup | None = None) -> Document:
    """Parse decoded report text (BOM already removed, line endings kept).

    ``source_file`` says where to look for the report's source file (``--source``, or a
    front-matter ``source-file:``): its text becomes part of the document's source material.
    """
    index = LineIndex(text)
    lines = index.lines()
    front = split_front_matter(lines)
    front_lines = front.end_line if front is not None else 0
    env: dict[str, Any] = {}
    tokens = _parser().parse(_markdown_source(text, index, front_lines), env)
    if _TOO_DEEP in env:
        raise InputError(f"Markdown nested more than {MAX_NESTING} levels deep at line {env[_TOO_DEEP] + 1}; not linted")
    builder = _Builder(path, text, index, lines, front, front_lines, source_markers)
    builder.definition_lines = _definition_lines(tokens, env)
    return builder.build(tokens, source_file)


class _OpenSection:
    """A section the walk is inside, and what it gathers until the builder closes it.

    The walk's state classes are plain ``__slots__`` classes: they need only their
    ``__init__``, and a dataclass compiles its methods when the module is imported."""

    __slots__ = ("section", "heading", "quoting", "children", "runs", "fields", "sentences", "content_blocks")

    def __init__(self, section: Section, heading: TextRun, quoting: bool) -> None:
        self.section = section  # a draft until closed
        self.heading = heading
        self.quoting = quoting  # its content is source material: its title is a source marker, or its parent's is
        self.children: list[Section] = []
        self.runs: list[TextRun] = []
        self.fields: list[Field] = []
        self.sentences: list[Sentence] = []
        self.content_blocks = 0


class _OpenTable:
    """A table being walked: its header row, its body rows so far, and whether the walk is in its head."""

    __slots__ = ("map", "header", "rows", "in_head")

    def __init__(self, map: list[int] | None) -> None:
        self.map = map
        self.header: TableRow | None = None
        self.rows: list[TableRow] = []
        self.in_head = False


class _OpenItem:
    """A list item being walked: its depth, its section and the text runs gathered so far."""

    __slots__ = ("map", "depth", "ordered", "section", "runs")

    def __init__(self, map: list[int] | None, depth: int, ordered: bool, section: Section | None) -> None:
        self.map = map
        self.depth = depth
        self.ordered = ordered
        self.section = section
        self.runs: list[TextRun] = []


class _Builder:
    """One document's build: the walk's state, and what it has made so far.

    Each token type the builder reads has a handler in :data:`_HANDLERS`; the other types
    (closing paragraphs, cells...) are skipped at once.
    """

    __slots__ = (
        "path", "text", "index", "lines", "front", "front_lines", "source_markers", "runs", "leading",
        "sections", "open", "here", "source_sections", "all_runs", "fields", "sentences", "tables", "items", "comments", "html", "footnote_defs",
        "containers", "heading_level", "pending_label", "label_before_paragraph", "table", "row", "row_map", "open_items", "list_depth", "ordered", "footnote_label", "last_line", "cursor", "definition_lines",
    )

    def __init__(self, path: str, text: str, index: LineIndex, lines: tuple[str, ...], front: FrontMatter | None, front_lines: int, source_markers: SourceMarkers) -> None:
        self.path = path
        self.text = text
        self.index = index
        self.lines = lines
        self.front = front
        self.front_lines = front_lines
        self.source_markers = source_markers
        self.runs = RunBuilder(text, index)
        # 0-based first and last line of a leading excerpt the report quotes (known from the lines alone)
        self.leading = leading_source_block(lines, front_lines, source_markers)
        # what the document will hold
        self.sections: list[Section] = []
        self.source_sections: list[Section] = []  # sections titled as source material, in document order
        self.all_runs: list[TextRun] = []
        self.fields: list[Field] = []
        self.sentences: list[Sentence] = []
        self.tables: list[Table] = []
        self.items: list[tuple[tuple[int, int], ListItem]] = []  # sorted at the end by (first line, last line) == by span
        self.comments: list[Comment] = []
        self.html: list[RawHtml] = []
        self.footnote_defs: dict[str, TextRun] = {}
        # the walk's state
        self.open: list[_OpenSection] = []  # the open sections, outermost first
        self.here: _OpenSection | None = None  # the innermost open section
        self.containers: list[str] = []  # "blockquote", "list_item", "table", outermost first
        self.heading_level = 0  # inside a heading of this level
        self.pending_label: Field | None = None  # a label alone in its paragraph, waiting for the next block
        self.label_before_paragraph = False  # ... and that next block is a paragraph, not read yet
        self.table: _OpenTable | None = None
        self.row: list[TextRun] | None = None
        self.row_map: list[int] | None = None
        self.open_items: list[_OpenItem] = []
        self.list_depth = 0
        self.ordered: list[bool] = []  # per open list: is it ordered
        self.footnote_label: str | None = None  # inside this footnote's definition
        self.last_line = -1  # first line of the last inline token read
        self.cursor = 0  # source offset up to which inline text has been placed
        # 0-based first lines of the footnote and link reference definitions, sorted: markdown-it
        # makes no token where they stand, but each is content of the section it stands in
        self.definition_lines: list[int] = []

    def build(self, tokens: list[Token], source_file: SourceFileLookup | None) -> Document:
        front_values: dict[str, str] = {}
        front_error = None
        if self.front is not None:
            front_values = flatten(self.front.values)
            if self.front.error:
                front_error = (self.front.error, self._line_span(0))
            self.fields.extend(self._front_matter_fields(self.front, field_values(self.front.values)))
        external = source_file.read(self.fields) if source_file is not None else None
        self._walk(tokens)
        self._close_sections(0, len(self.lines))
        title = next((s for s in self.sections if s.level == 1), None)
        title_text = title.title if title else (front_values.get("title") or None)
        links = tuple(href for run in self.all_runs for _, _, href in run.links)
        self.items.sort(key=itemgetter(0))  # stable, like sorting by span: spans start at column 1 and end at a line end
        source_material = self._source_material()
        return make_document(
            path=self.path,
            text=self.text,
            index=self.index,
            lines=self.lines,
            front_matter=MappingProxyType(front_values),
            front_matter_error=front_error,
            front_matter_lines=self.front_lines,
            title=title,
            title_text=title_text,
            sections=tuple(self.sections),
            fields=tuple(self.fields),
            sentences=tuple(self.sentences),
            runs=tuple(self.all_runs),
            tables=tuple(self.tables),
            list_items=tuple(item for _, item in self.items),
            comments=tuple(sorted(self.comments + self.runs.comments, key=lambda c: c.span)),
            links=links,
            footnote_definitions=MappingProxyType(self.footnote_defs),
            source_material=source_material if external is None else (*source_material, external),
            html=tuple(sorted(self.html + self.runs.html, key=lambda h: h.span)),
        )

    def _source_material(self) -> tuple[SourceMaterial, ...]:
        """The quoted source text: the leading excerpt, then each section titled as source text."""
        found: list[SourceMaterial] = []
        if self.leading is not None:
            first, last = self.leading
            start, end = self.index.line_start(first), self.index.line_end(last)
            found.append(make_source_material(self.index.span(start, end), self.text[start:end], "leading-block"))
        for section in self.source_sections:
            span = section.body_span
            start = self.index.line_start(span.start.line - 1) + span.start.column - 1
            end = self.index.line_start(span.end.line - 1) + span.end.column - 1
            found.append(make_source_material(span, self.text[start:end], "section", section))
        return tuple(found)

    def _line_span(self, line0: int) -> Span:
        return self.index.span(self.index.line_start(line0), self.index.line_end(line0))

    def _front_matter_fields(self, front: FrontMatter, values: dict[str, str]) -> Iterator[Field]:
        where = _key_lines(self.lines, 1, front.end_line - 1)
        for key, value in values.items():
            found_at = where.get(key)
            if found_at is None:
                continue
            line0, name_end = found_at
            line_start = self.index.line_start(line0)
            rest = self.lines[line0][name_end:]
            found = rest.find(value) if value else -1
            value_offset = line_start + name_end + (found if found != -1 else 0)
            omap = OffsetMap()
            omap.add(0, value_offset)
            run = make_text_run("front_matter", value, value, omap, self.index)
            yield make_field(
                name=key,
                value=value,
                section=None,
                source="front-matter",
                run=run,
                value_start=0,
                span=self._line_span(line0),
                name_span=self.index.span(line_start, line_start + len(key)),
                value_span=None if found != -1 else self._line_span(line0),
            )

    # -- sections

    def _close_sections(self, level: int, next_line0: int) -> None:
        """Close open sections at ``level`` or deeper; their bodies end before ``next_line0``."""
        while self.open and self.open[-1].section.level >= level:
            closing = self.open.pop()
            section = closing.section
            body_first = section.span.end.line  # 1-based line of the heading's last line == 0-based next line
            last = max(next_line0 - 1, body_first - 1)
            start = self.index.line_start(body_first) if body_first < len(self.lines) else len(self.text)
            end = self.index.line_end(last) if next_line0 - 1 >= body_first else start
            body_span = self.index.span(start, max(start, end))
            if self.definition_lines:  # definitions standing in its own body (before any child) are its content
                own_end = closing.children[0].span.start.line - 1 if closing.children else next_line0
                closing.content_blocks += bisect_left(self.definition_lines, own_end) - bisect_left(self.definition_lines, body_first)
            section._close(closing.heading, tuple(closing.children), tuple(closing.runs), tuple(closing.fields), tuple(closing.sentences), closing.content_blocks, body_span)
        self.here = self.open[-1] if self.open else None

    def _count_content(self) -> None:
        if self.here is not None and self.footnote_label is None:
            self.here.content_blocks += 1

    # -- tokens

    def _walk(self, tokens: list[Token]) -> None:
        # Tokens are consumed from the end of the reversed list, so each one (and its inline
        # children) is freed as soon as it has been read: on a large report the token list
        # would otherwise be alive, next to the model built from it, until the build ends.
        tokens.reverse()
        handler_for = _HANDLERS.get
        while tokens:
            token = tokens.pop()
            if self.pending_label is not None and not self.label_before_paragraph:
                self._label_then(token)
            handler = handler_for(token.type)
            if handler is not None:
                handler(self, token)

    def _label_then(self, token: Token) -> None:
        """The block after a label alone in its paragraph: its value (a pseudo-heading) or not (empty)."""
        kind = token.type
        if kind == "paragraph_open":
            self.label_before_paragraph = True  # decided by the paragraph's text in ``_inline``
        elif kind in ("heading_open", "hr") or (kind == "html_block" and lazy_regex(_HTML_HEADING_OR_RULE).match(token.content)):
            self.pending_label = None
        elif kind in _VALUE_BLOCKS and not (kind == "html_block" and token.content.lstrip().startswith("<!--")):
            assert self.pending_label is not None
            self.pending_label._introduces_block()
            self.pending_label = None

    def _inline(self, token: Token) -> None:
        map_ = token.map or [0, 1]
        starts, text_end = self.index.starts, len(self.text)
        region_start = starts[map_[0]] if map_[0] < len(starts) else text_end
        limit = starts[map_[1]] if map_[1] < len(starts) else text_end
        if map_[0] != self.last_line or self.cursor < region_start:
            self.cursor = region_start
        self.last_line = map_[0]
        if self.heading_level:
            self._heading(token, map_, limit)
            return
        kind = self._kind()
        here = self.here
        run, self.cursor = self.runs.build(token, kind, self.cursor, limit, "blockquote" in self.containers, here.section if here is not None else None)
        self._place_run(run)

    def _place_run(self, run: TextRun) -> None:
        """A run of the content (not a heading): into its section, container, fields and sentences."""
        kind = run.kind
        here = self.here
        self.all_runs.append(run)
        if self.footnote_label is not None:
            self.footnote_defs.setdefault(self.footnote_label, run)
            return
        if here is not None:
            here.runs.append(run)
        if self.row is not None:
            self.row.append(run)
        elif self.open_items:
            self.open_items[-1].runs.append(run)
        markers = Markers(run) if run.links or run.footnotes or run.strong else None
        if kind != "table_cell":
            first: Field | None = None
            for found in fields_of_run(run, markers):
                first = first or found
                self._add_field(found)
            if self.label_before_paragraph:
                assert self.pending_label is not None
                starts_with_label = first is not None and first.emphasized and bool(run.strong) and run.strong[0][0] == len(run.text) - len(run.text.lstrip())
                if not starts_with_label:
                    self.pending_label._introduces_block()
                self.pending_label = None
                self.label_before_paragraph = False
            if first is not None and first.alone:
                self.pending_label = first
        self._add_sentences(run, markers)

    def _heading(self, token: Token, map_: list[int], limit: int) -> None:
        """A heading opens a section (closing those at its level or deeper) and is its first run."""
        section = self._open_section(self.heading_level, map_[0], map_[1] - 1)
        heading, self.cursor = self.runs.build(token, "heading", self.cursor, limit, "blockquote" in self.containers, section)
        self._enter(section, heading)

    def _open_section(self, level: int, first_line0: int, last_line0: int) -> Section:
        """The draft section of a heading on lines ``first_line0``-``last_line0``, once those at its level or deeper are closed."""
        self._close_sections(level, first_line0)
        parent = self.here
        span = self.index.span(self.index.line_start(first_line0), self.index.line_end(last_line0))
        return open_section(level, span, parent.section if parent is not None else None)

    def _enter(self, section: Section, heading: TextRun) -> None:
        """``section`` becomes the innermost open section, with ``heading`` its first run."""
        parent = self.here
        titled_as_source = normalize_title(heading.text) in self.source_markers.sections
        opened = _OpenSection(section, heading, titled_as_source or (parent is not None and parent.quoting))
        if parent is not None:
            parent.children.append(section)
        if titled_as_source:
            self.source_sections.append(section)
        self.sections.append(section)
        self.open.append(opened)
        self.here = opened
        self.all_runs.append(heading)
        self._add_sentences(heading, Markers(heading) if heading.links or heading.footnotes else None)

    def _heading_open(self, token: Token) -> None:
        self.heading_level = int(token.tag[1])

    def _heading_close(self, token: Token) -> None:
        self.heading_level = 0

    def _kind(self) -> BlockKind:
        if self.footnote_label is not None:
            return "footnote"
        for container in reversed(self.containers):
            if container == "table":
                return "table_cell"
            if container == "list_item":
                return "list_item"
            if container == "blockquote":
                return "blockquote"
        return "paragraph"

    def _add_field(self, found: Field) -> None:
        self.fields.append(found)
        if self.here is not None:  # fields are found in the innermost open section's content
            self.here.fields.append(found)

    def _add_sentences(self, run: TextRun, markers: Markers | None) -> None:
        """The sentences of ``run``, each ``quoted`` when in a blockquote or in quoted source material."""
        text, prose = run.text, run.prose
        here = self.here
        quoted = run.quoted or (here is not None and here.quoting)
        leading = self.leading
        for start, end in split_sentences(text):
            links, notes = markers.within(start, end) if markers is not None else ((), ())
            words = text[start:end]
            blanked = words if prose is text else prose[start:end]  # one string when nothing is blanked
            in_leading = leading is not None and leading[0] <= self.index.line(run.omap.source_offset(start)) <= leading[1] + 2
            sentence = make_sentence(words, blanked, run.section, run.kind, links, notes, run, start, quoted or in_leading)
            self.sentences.append(sentence)
            if here is not None:
                here.sentences.append(sentence)

    # -- blocks

    def _block(self, token: Token) -> None:
        """A block outside lists and tables (blockquotes do not nest it) is its section's direct content."""
        containers = self.containers
        if self.footnote_label is not None:
            return  # counted where the definition stands (``definition_lines``), not where markdown-it moved it
        if self.here is not None and (not containers or all(container == "blockquote" for container in containers)):
            self.here.content_blocks += 1

    def _table_open(self, token: Token) -> None:
        self._block(token)
        self.table = _OpenTable(token.map)
        self.containers.append("table")

    def _table_close(self, token: Token) -> None:
        table = self.table
        if table is None or not self._closes("table"):
            return
        self.table = None
        map_ = table.map or [0, 1]
        span = self.index.span(self.index.line_start(map_[0]), self.index.line_end(max(map_[1] - 1, map_[0])))
        built = make_table(table.header, tuple(table.rows), span, self.here.section if self.here is not None else None)
        self.tables.append(built)
        for found in fields_of_table(built):
            self._add_field(found)

    def _thead_open(self, token: Token) -> None:
        if self.table is not None:
            self.table.in_head = True

    def _thead_close(self, token: Token) -> None:
        if self.table is not None:
            self.table.in_head = False

    def _tr_open(self, token: Token) -> None:
        self.row, self.row_map = [], token.map

    def _tr_close(self, token: Token) -> None:
        table, row = self.table, self.row
        if table is None or row is None:
            return
        map_ = self.row_map or [0, 1]
        span = self.index.span(self.index.line_start(map_[0]), self.index.line_end(map_[0]))
        table_row = make_table_row(tuple(row), span, table.in_head)
        if table.in_head:
            table.header = table_row
        else:
            table.rows.append(table_row)
        self.row = None

    def _list_open(self, token: Token) -> None:
        self._block(token)
        self.list_depth += 1
        self.ordered.append(token.type == "ordered_list_open")

    def _list_close(self, token: Token) -> None:
        if not self.ordered:  # a close without its open: see _closes
            return
        self.list_depth -= 1
        self.ordered.pop()

    def _list_item_open(self, token: Token) -> None:
        self.containers.append("list_item")
        here = self.here
        self.open_items.append(_OpenItem(token.map, self.list_depth, self.ordered[-1] if self.ordered else False, here.section if here is not None else None))

    def _list_item_close(self, token: Token) -> None:
        if not self._closes("list_item") or not self.open_items:
            return
        item = self.open_items.pop()
        map_ = item.map or [0, 1]
        lines = (map_[0], max(map_[1] - 1, map_[0]))
        self.items.append((lines, make_list_item(tuple(item.runs), item.depth, item.ordered, item.section, lines, self.index)))

    def _blockquote_open(self, token: Token) -> None:
        if not self.containers:
            self._count_content()
        self.containers.append("blockquote")

    def _blockquote_close(self, token: Token) -> None:
        self._closes("blockquote")

    def _closes(self, container: str) -> bool:
        """Leave the innermost ``container``; False for a close token without its open.

        markdown-it's footnote plugin moves a footnote definition nested in a list or quote of
        another definition out of the stream with its opening tokens but not its closing ones
        (``[^a]: - [^b]: x``): such orphan closes are skipped.
        """
        if not self.containers or self.containers[-1] != container:
            return False
        self.containers.pop()
        return True

    def _footnote_open(self, token: Token) -> None:
        self.footnote_label = str((token.meta or {}).get("label", ""))

    def _footnote_close(self, token: Token) -> None:
        self.footnote_label = None

    def _html_block(self, token: Token) -> None:
        content = token.content
        map_ = token.map or [0, 1]
        base = self.index.line_start(map_[0])
        limit = self.index.line_start(map_[1]) if map_[1] < len(self.index.starts) else len(self.text)
        position = self.text.find("<!--", base, limit)
        while position != -1:
            close = self.text.find("-->", position + 4, limit)
            end = limit if close == -1 else close + 3
            self.comments.append(make_comment(self.text[position:end], self.index.span(position, end), False))
            position = self.text.find("<!--", end, limit)
        if "<!--" not in content or content.strip()[:4] != "<!--":
            text = content.strip()
            start = self.text.find(text, base, limit) if text else -1
            if start != -1:
                self.html.append(make_raw_html(text, self.index.span(start, start + len(text)), False))
            if not (_html_has_text(content) and self._html_prose(content, map_[0])):
                self._count_content()

    def _html_prose(self, content: str, first_line0: int) -> bool:
        """The text of an HTML block as runs of its sections; ``<h1>``-``<h6>`` open sections.

        Returns whether the block had any text. The block is content of each section its
        text (other than headings) falls in.
        """
        index, lines = self.index, self.lines
        offsets = []
        for number, line in enumerate(content.split("\n")):
            line0 = min(first_line0 + number, len(lines) - 1)
            source_line = lines[line0]
            offsets.append(index.line_start(line0) + (len(source_line) - len(line) if source_line.endswith(line) else 0))
        from reportlint._html import html_runs  # here: most reports have no such HTML

        found, tables = html_runs(content, offsets)
        quoted = "blockquote" in self.containers
        counted: Section | None = None
        made: list[TextRun] = []
        for piece in found:
            omap = OffsetMap()
            for plain, source in piece.segments:
                omap.add(plain, source)
            if piece.kind == "heading":
                section = self._open_section(piece.level, index.line(piece.first) - 1, index.line(max(piece.last - 1, piece.first)) - 1)
                heading = self.runs.finish("heading", piece.text, omap, piece.blanks, piece.links, [], piece.strong, quoted or piece.quoted, section)
                self._enter(section, heading)
                made.append(heading)
                continue
            here = self.here
            if here is not None and here.section is not counted and self.footnote_label is None:
                here.content_blocks += 1
                counted = here.section
            kind: BlockKind = self._kind() if piece.kind == "paragraph" else piece.kind
            run = self.runs.finish(kind, piece.text, omap, piece.blanks, piece.links, [], piece.strong, quoted or piece.quoted, here.section if here is not None else None)
            self._place_run(run)
            made.append(run)
        for table in tables:
            rows = [
                make_table_row(tuple(made[cell] for cell in row.cells), self._line_span(index.line(row.start) - 1), row.header)
                for row in table.rows
            ]
            header = rows[0] if rows[0].header else None
            span = index.span(index.line_start(index.line(table.first) - 1), index.line_end(index.line(max(table.last, table.first)) - 1))
            built = make_table(header, tuple(rows[1:] if header is not None else rows), span, made[table.rows[0].cells[0]].section)
            self.tables.append(built)
            for found_field in fields_of_table(built):
                self._add_field(found_field)
        return bool(found)


# The token types the builder reads, each with its handler.
_HANDLERS: dict[str, Callable[[_Builder, Token], None]] = {
    "inline": _Builder._inline,
    "heading_open": _Builder._heading_open,
    "heading_close": _Builder._heading_close,
    "paragraph_open": _Builder._block,
    "fence": _Builder._block,
    "code_block": _Builder._block,
    "hr": _Builder._block,
    "table_open": _Builder._table_open,
    "table_close": _Builder._table_close,
    "thead_open": _Builder._thead_open,
    "thead_close": _Builder._thead_close,
    "tr_open": _Builder._tr_open,
    "tr_close": _Builder._tr_close,
    "bullet_list_open": _Builder._list_open,
    "ordered_list_open": _Builder._list_open,
    "bullet_list_close": _Builder._list_close,
    "ordered_list_close": _Builder._list_close,
    "list_item_open": _Builder._list_item_open,
    "list_item_close": _Builder._list_item_close,
    "blockquote_open": _Builder._blockquote_open,
    "blockquote_close": _Builder._blockquote_close,
    "html_block": _Builder._html_block,
    "footnote_open": _Builder._footnote_open,
    "footnote_close": _Builder._footnote_close,
}


def _definition_lines(tokens: list[Token], env: dict[str, Any]) -> list[int]:
    """The first line of each footnote definition and link reference definition, sorted.

    Neither is a token where it stands: markdown-it moves footnote blocks to the end of the
    tokens (read from there) and keeps link references in ``env`` (with their lines).
    """
    starts = [ref["map"][0] for ref in env.get("references", {}).values() if isinstance(ref, dict) and ref.get("map")]
    if tokens and tokens[-1].type == "footnote_block_close":
        starts.extend(_footnote_lines(tokens))
    return sorted(starts)


def _footnote_lines(tokens: list[Token]) -> list[int]:
    """The first line of each footnote definition (of its first block), from the footnote block that ends the tokens."""
    begin = len(tokens) - 1
    while begin > 0 and tokens[begin].type != "footnote_block_open":
        begin -= 1
    starts: list[int] = []
    first: int | None = None
    for token in tokens[begin:]:
        if token.type == "footnote_open":
            first = None
        elif token.type == "footnote_close":
            if first is not None:
                starts.append(first)
        elif first is None and token.map is not None:
            first = token.map[0]
    return starts


# The HTML patterns compile on first use (lazy_regex): most reports have no HTML block.
_HTML_MARKUP = r"(?s)<!--.*?(?:-->|\Z)|<[^<>]*>|&#?\w+;"  # tags, comments, entities
_WORD = r"\w"


def _html_has_text(content: str) -> bool:
    """Whether an HTML block holds any words outside its tags, comments and entities."""
    return bool(lazy_regex(_WORD).search(lazy_regex(_HTML_MARKUP).sub("", content)))


_HTML_HEADING_OR_RULE = r"(?i)\s*<(?:h[1-6]|hr)\b"
_VALUE_BLOCKS = frozenset({"bullet_list_open", "ordered_list_open", "fence", "code_block", "table_open", "html_block", "blockquote_open"})


@analysis
def tokens(analyses: Analyses) -> tuple[Token, ...]:
    """The markdown-it tokens of a document: an escape hatch no built-in rule uses.

    Parsed again when asked for: keeping them would double the memory a large report takes.
    """
    doc = analyses.doc
    return tuple(_parser().parse(_markdown_source(doc.text, doc.index, doc.front_matter_lines), {}))
