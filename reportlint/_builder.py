"""Builds the :class:`~reportlint._document.Document` from markdown-it-py's tokens, in one pass."""
from __future__ import annotations

import re
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from reportlint._analysis import Analyses, analysis
from reportlint._document import BlockKind, Comment, Document, Field, ListItem, RawHtml, Section, Sentence, SourceMaterial, Table, TableRow, TextRun
from reportlint._fields import fields_of_run, fields_of_table
from reportlint._frontmatter import flatten, split_front_matter
from reportlint._gc import without_gc
from reportlint._inline import Markers, RunBuilder
from reportlint._positions import LineIndex, OffsetMap, Span
from reportlint._sentences import split_sentences
from reportlint._source import InputError
from reportlint._source_material import DEFAULT_SOURCE_MARKERS, SourceMarkers, leading_source_block
from reportlint._text import normalize_title, trim

_PARSER: MarkdownIt | None = None
# markdown-it silently drops everything below this many nested blocks (lists count twice);
# rather than lint half a file, such a file is refused with one error line.
MAX_NESTING = 100
_TOO_DEEP = "reportlint.too_deep"
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
        self.runs = RunBuilder(text, index)
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
        block = leading_source_block(self.lines, self.front_lines, self.source_markers)
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
        section = Section(heading.text.strip(), level, span, heading.span(*trim(heading.text, 0, len(heading.text))), heading)
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
            self._add_sentences(run, Markers(run) if run.links or run.footnotes else None)
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
        markers = Markers(run) if run.links or run.footnotes or run.strong else None
        if run.kind != "table_cell":
            for found in fields_of_run(run, markers):
                self._add_field(found)
        self._add_sentences(run, markers)

    def _add_field(self, found: Field) -> None:
        self.fields.append(found)
        if found.section is not None:
            found.section.fields.append(found)

    def _add_sentences(self, run: TextRun, markers: Markers | None) -> None:
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
        for found in fields_of_table(built):
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


@analysis
def tokens(analyses: Analyses) -> tuple[Token, ...]:
    """The markdown-it tokens of a document: an escape hatch no built-in rule uses.

    Parsed again when asked for: keeping them would double the memory a large report takes.
    """
    doc = analyses.doc
    return tuple(_parser().parse(_markdown_source(doc.text, doc.index, doc.front_matter_lines), {}))
