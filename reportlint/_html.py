"""The prose inside a raw HTML block: its text runs, each mapped back to the source.

markdown-it-py hands an HTML block over whole (``html_block``). Its text is prose like any
other: ``<p>``, ``<li>``, table cells and ``<h1>``-``<h6>`` headings. This module reads it with
the standard library's ``html.parser``. The builder imports this module, and it imports
the parser, on the first block that has words outside its tags: a report without such HTML
pays for neither and returns the runs with an exact source offset for
every character. What is not prose stays out: attributes (``alt``, ``title``, ``href``),
comments (suppression directives), ``<script>``, ``<style>``, ``<pre>`` and similar
contents. Inline code (``<code>``, ``<kbd>``...) stays in the text but is blanked in the
prose, as Markdown inline code is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from html.parser import HTMLParser

HtmlKind = Literal["paragraph", "list_item", "table_cell", "blockquote", "heading"]

_WORD = re.compile(r"\w")
# Elements whose contents are never prose (code, scripts, embedded objects, form controls).
_SKIPPED = frozenset({"script", "style", "pre", "textarea", "template", "svg", "math", "noscript", "iframe", "object", "select", "listing", "xmp", "plaintext", "head", "title"})
_CODE = frozenset({"code", "kbd", "samp", "var", "tt"})
_STRONG = frozenset({"strong", "b"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CELLS = frozenset({"td", "th"})
# Elements that end the run before them and start a new one: block-level HTML.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol",
    "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", *_HEADINGS,
})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
# Start tags that close an open element of the same name (``<li>`` after an unclosed ``<li>``).
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "td", "th", "tr", *_HEADINGS})
# The elements that shape a table; other blocks inside a cell only break its line.
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"})


@dataclass(slots=True)
class HtmlRun:
    """One run of text: ``segments`` map offsets in ``text`` to source offsets (verbatim from each)."""

    kind: HtmlKind
    text: str
    segments: list[tuple[int, int]]
    quoted: bool  # inside an HTML ``<blockquote>``
    level: int = 0  # a heading's level
    first: int = 0  # source offset where its element starts (a heading's start tag)
    last: int = 0  # source offset where its element ends
    blanks: list[tuple[int, int]] = field(default_factory=list)  # inline code
    links: list[tuple[int, int, str]] = field(default_factory=list)
    strong: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class HtmlRow:
    start: int  # source offset of the row's start tag
    header: bool  # in ``<thead>``, or every cell a ``<th>``
    cells: list[int] = field(default_factory=list)  # indices of its cells' runs
    heads: list[bool] = field(default_factory=list)  # per cell: a ``<th>``


@dataclass(slots=True)
class HtmlTable:
    """A ``<table>``: its rows of cells, each cell one run (empty cells too, so columns line up)."""

    first: int
    last: int = 0
    rows: list[HtmlRow] = field(default_factory=list)
    in_head: bool = False


def html_runs(content: str, line_offsets: list[int]) -> tuple[list[HtmlRun], list[HtmlTable]]:
    """The text runs of the HTML block ``content``, in order, and its tables (of those runs).

    ``line_offsets[i]`` is the source offset of the first character of ``content``'s line
    ``i`` (markdown-it strips a container's indentation or ``>`` from each line).
    """
    reader = _reader_class()(line_offsets, content.split("\n"))
    reader.feed(_neutralized(content))
    reader.close()
    reader.flush()
    while reader.table_stack:
        reader.end_table()
    return reader.found, reader.tables


# A complete tag (quotes balanced, no "<" or ">" inside them), end tag, declaration or
# processing instruction. Each alternative stops at the next "<", so trying it at every "<"
# costs linear time overall.
_COMPLETE_TAG = re.compile(r"""<(?:/?[A-Za-z](?:[^<>"']|"[^"<>]*"|'[^'<>]*')*|![A-Za-z\[][^<>]*|\?[^<>]*)>""")
_STRAY = "\ufffd"  # what a "<" that opens nothing becomes for the parser (same length)


def _neutralized(content: str) -> str:
    """``content`` with every "<" that opens no complete tag or comment made plain text.

    html.parser rescans an unfinished tag or comment to the end of the input at every "<",
    which is quadratic on hostile input (``<a b="`` repeated). What it is given keeps every
    offset, so positions still map to the source.
    """
    position = content.find("<")
    if position == -1:
        return content
    chars: list[str] | None = None
    comments_close = True  # whether a "-->" may still follow
    while position != -1:
        after = position + 1
        if content.startswith("<!--", position):
            close = content.find("-->", position + 4) if comments_close else -1
            if close != -1:
                position = content.find("<", close + 3)
                continue
            comments_close = False
        else:
            match = _COMPLETE_TAG.match(content, position)
            if match:
                position = content.find("<", match.end())
                continue
        if chars is None:
            chars = list(content)
        chars[position] = _STRAY
        position = content.find("<", after)
    return content if chars is None else "".join(chars)


_READER: type[Any] | None = None


def _reader_class() -> type[Any]:
    global _READER
    if _READER is None:
        from html.parser import HTMLParser

        _READER = _make_reader(HTMLParser)
    return _READER


def _make_reader(base: type[HTMLParser]) -> type[Any]:
    from html import unescape

    class _Reader(base):  # type: ignore[valid-type, misc]
        def __init__(self, line_offsets: list[int], lines: list[str]) -> None:
            super().__init__(convert_charrefs=False)
            self.line_offsets = line_offsets
            self.lines = lines  # the block's lines as written (the parser reads them neutralized)
            self.found: list[HtmlRun] = []
            self.open: list[str] = []  # open elements, outermost first
            self.skipping: list[str] = []  # open elements whose content is skipped
            self.parts: list[str] = []
            self.length = 0
            self.segments: list[tuple[int, int]] = []
            self.blanks: list[tuple[int, int]] = []
            self.links: list[tuple[int, int, str]] = []
            self.strong: list[tuple[int, int]] = []
            self.open_links: list[tuple[int, str]] = []
            self.open_strong: list[int] = []
            self.code_depth = 0
            self.heading: tuple[int, int] | None = None  # (level, start offset) of the open heading
            self.context: tuple[HtmlKind, bool] = ("paragraph", False)  # of the run being read
            self.tables: list[HtmlTable] = []
            self.table_stack: list[HtmlTable] = []
            self.cell: tuple[int, bool] | None = None  # (start offset, is a <th>) of the open cell

        def _here(self) -> int:
            return self._offset(*self.getpos())

        def _offset(self, line: int, column: int) -> int:
            offsets = self.line_offsets
            return offsets[min(line, len(offsets)) - 1] + column

        # -- text

        def _add(self, text: str) -> None:
            """Data as it stands in the source: one segment per line, each line's indentation dropped."""
            if self.skipping or not text:
                return
            line, column = self.getpos()
            lines = self.lines
            for number, piece in enumerate(text.split("\n")):
                at = column if number == 0 else 0
                if line + number - 1 < len(lines):  # the original text: a neutralized "<" is itself again
                    piece = lines[line + number - 1][at : at + len(piece)]
                start = self._offset(line + number, at)
                if number:
                    self.segments.append((self.length, start - 1))
                    self._append("\n")
                    kept = piece.lstrip(" \t\r")
                    start += len(piece) - len(kept)
                    piece = kept
                if piece:
                    self.segments.append((self.length, start))
                    self._append(piece)

        def _reference(self, text: str) -> None:
            """An entity or character reference: one character (or a few) for the whole reference."""
            if self.skipping:
                return
            self.segments.append((self.length, self._here()))
            self._append(text)

        def _append(self, text: str) -> None:
            start = self.length
            if not start:
                self.context = self._context()
            self.parts.append(text)
            self.length += len(text)
            if self.code_depth:
                self.blanks.append((start, self.length))

        def _context(self) -> tuple[HtmlKind, bool]:
            """The kind of run the innermost open element makes, and whether it is quoted."""
            quoted = "blockquote" in self.open
            for tag in reversed(self.open):
                if tag in _CELLS:
                    return "table_cell", quoted
                if tag == "li":
                    return "list_item", quoted
                if tag == "blockquote":
                    return "blockquote", quoted
            return "paragraph", quoted

        def handle_data(self, data: str) -> None:
            self._add(data)

        def handle_entityref(self, name: str) -> None:
            self._reference(unescape(f"&{name};"))

        def handle_charref(self, name: str) -> None:
            self._reference(unescape(f"&#{name};"))

        # -- elements

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.skipping:
                if tag in _SKIPPED:
                    self.skipping.append(tag)
                return
            if tag in _SKIPPED:
                if self.cell is None:
                    self.flush()
                self.skipping.append(tag)
                return
            if tag == "br":
                self._line_break()
                return
            if tag in _TABLE_PARTS:
                self._table_tag(tag)
            elif tag in _BLOCKS and self.cell is not None:
                self._line_break()
            elif tag in _BLOCKS:
                self.flush()
            if tag in _BLOCKS:
                if tag in _SELF_CLOSING_SIBLINGS and self.open and self.open[-1] == tag:
                    self.open.pop()
                if tag in _HEADINGS and self.cell is None:  # a heading in a cell is only its text
                    self.heading = (int(tag[1]), self._here())
            if tag in _VOID:
                return
            self.open.append(tag)
            if tag == "a":
                self.open_links.append((self.length, next((value or "" for name, value in attrs if name == "href"), "")))
            elif tag in _STRONG:
                self.open_strong.append(self.length)
            elif tag in _CODE:
                self.code_depth += 1

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.skipping:
                return
            if tag == "br" or (tag in _BLOCKS and self.cell is not None):
                self._line_break()
            elif tag in _BLOCKS:
                self.flush()  # ``<hr/>``, ``<p/>``: a break between runs, no element left open

        def _line_break(self) -> None:
            if self.parts:
                self.segments.append((self.length, self._here()))
                self._append("\n")

        # -- tables

        def _table_tag(self, tag: str) -> None:
            """A start tag of a table's structure: cells and rows end the cell before them."""
            self.end_cell()
            if tag == "table":
                self.flush()
                self.table_stack.append(HtmlTable(self._here()))
                return
            table = self.table_stack[-1] if self.table_stack else None
            if table is None:
                self.flush()
                return
            if tag == "thead":
                table.in_head = True
            elif tag in ("tbody", "tfoot"):
                table.in_head = False
            elif tag == "tr":
                table.rows.append(HtmlRow(self._here(), table.in_head))
            elif tag in _CELLS:
                if not table.rows:
                    table.rows.append(HtmlRow(self._here(), table.in_head))
                self.cell = (self._here(), tag == "th")
            else:
                self.flush()  # a caption

        def end_cell(self) -> None:
            """The open cell's run, kept even when empty (columns must line up), in its row."""
            if self.cell is None:
                return
            start, head = self.cell
            self.cell = None
            before = len(self.found)
            self.flush(keep_empty_at=start)
            row = self.table_stack[-1].rows[-1] if self.table_stack and self.table_stack[-1].rows else None
            if row is not None and len(self.found) > before:
                row.cells.append(len(self.found) - 1)
                row.heads.append(head)

        def end_table(self) -> None:
            self.end_cell()
            table = self.table_stack.pop()
            table.last = self._here()
            for row in table.rows:
                row.header = row.header or (bool(row.heads) and all(row.heads))
            table.rows = [row for row in table.rows if row.cells]
            if table.rows:
                self.tables.append(table)

        def handle_endtag(self, tag: str) -> None:
            if self.skipping:
                if tag in self.skipping:
                    while self.skipping.pop() != tag:
                        pass
                return
            if tag in _CELLS or tag == "tr":
                self.end_cell()
            elif tag == "table" and self.table_stack:
                self.end_table()
            if tag not in self.open:
                if tag in _BLOCKS and self.cell is None:
                    self.flush()
                return
            while self.open:
                closed = self.open.pop()
                if closed == "a" and self.open_links:
                    start, href = self.open_links.pop()
                    if self.length > start:
                        self.links.append((start, self.length, href))
                elif closed in _STRONG and self.open_strong:
                    start = self.open_strong.pop()
                    if self.length > start:
                        self.strong.append((start, self.length))
                elif closed in _CODE:
                    self.code_depth -= 1
                if closed == tag:
                    break
            if tag in _BLOCKS and self.cell is None:
                self.flush(end=self._here() + len(tag) + 3)

        def flush(self, end: int | None = None, keep_empty_at: int | None = None) -> None:
            """End the run being read: kept when it holds any words (a cell's, always)."""
            heading, self.heading = self.heading, None
            text = "".join(self.parts)
            segments, blanks, links, strong = self.segments, self.blanks, self.links, self.strong
            self.parts, self.length, self.segments, self.blanks, self.links, self.strong = [], 0, [], [], [], []
            self.open_links = [(0, href) for _, href in self.open_links]
            self.open_strong = [0 for _ in self.open_strong]
            kept = text.strip()
            if keep_empty_at is not None and not kept:
                self.found.append(HtmlRun("table_cell", "", [(0, keep_empty_at)], "blockquote" in self.open, 0, keep_empty_at, keep_empty_at))
                return
            if keep_empty_at is None and not _WORD.search(kept):
                return
            cut, size = len(text) - len(text.lstrip()), len(kept)
            if cut:
                segments = _shifted(segments, cut)
            # ranges of ``text`` as ranges of ``kept``: shifted, clipped, and dropped when nothing is left
            blanks = [(a, b) for a, b in ((max(a - cut, 0), min(b - cut, size)) for a, b in blanks) if a < b]
            links = [(a, b, href) for a, b, href in ((max(a - cut, 0), min(b - cut, size), href) for a, b, href in links) if a < b]
            strong = [(a, b) for a, b in ((max(a - cut, 0), min(b - cut, size)) for a, b in strong) if a < b]
            first = _source_of(segments, 0)
            last = _source_of(segments, len(kept) - 1) + 1
            kind, quoted = self.context
            if keep_empty_at is not None:
                kind = "table_cell"
            level = 0
            if heading is not None:
                kind, level, first = "heading", heading[0], heading[1]
                last = max(last, end or last)
            self.found.append(HtmlRun(kind, kept, segments, quoted, level, first, last, blanks, links, strong))

    return _Reader


def _shifted(segments: list[tuple[int, int]], cut: int) -> list[tuple[int, int]]:
    """``segments`` of a text whose first ``cut`` characters are dropped."""
    kept: list[tuple[int, int]] = []
    for plain, source in segments:
        if plain < cut:
            kept = [(0, source + cut - plain)]
        else:
            kept.append((plain - cut, source))
    return kept


def _source_of(segments: list[tuple[int, int]], plain: int) -> int:
    found = segments[0][1]
    for start, source in segments:
        if start > plain:
            break
        found = source + plain - start
    return found
