"""Inline markup stripped into plain text runs, each with an offset map back to the source.

markdown-it-py gives inline tokens no columns, so the run builder walks the source beside
the token's children to learn where each piece of plain text stands.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import TypeVar

from markdown_it.token import Token

from reportlint._dates import lazy_regex
from reportlint._document import BlockKind, Comment, RawHtml, Section, TextRun, make_comment, make_raw_html, make_text_run
from reportlint._positions import LineIndex, OffsetMap

_T = TypeVar("_T", tuple[int, int], tuple[int, int, str])  # what runs keep sorted: strong ranges, links
_BARE_URL = r"(?i)\b(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[a-z0-9-]+\.[^\s<>\"')\]]+"  # compiled by lazy_regex


class RunBuilder:
    """Turns one markdown-it ``inline`` token into a :class:`TextRun`."""

    def __init__(self, source: str, index: LineIndex) -> None:
        self.source = source
        self.index = index
        self.comments: list[Comment] = []
        self.html: list[RawHtml] = []

    def build(self, token: Token, kind: BlockKind, cursor: int, limit: int, quoted: bool, section: Section | None) -> tuple[TextRun, int]:
        """The run of ``token`` in ``section``, and the source offset where reading goes on."""
        source = self.source
        omap = OffsetMap()
        children = token.children or ()
        if len(children) == 1 and children[0].type == "text":  # no inline markup: half the runs
            text = children[0].content
            if text:
                cursor = self._place(omap, 0, text, cursor, limit)
            return self.finish(kind, text, omap, [], [], [], [], quoted, section), cursor
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
                placed = _find_markup(source, child.content, cursor, limit)
                if placed is not None:
                    where = self.index.span(*placed)
                    if child.content.startswith("<!--"):
                        self.comments.append(make_comment(child.content, where, True))
                    else:
                        self.html.append(make_raw_html(child.content, where, True))
                    cursor = placed[1]
            elif ctype == "strong_open":
                open_strong.append(length)
            elif ctype == "strong_close" and open_strong:
                strong.append((open_strong.pop(), length))
        return self.finish(kind, "".join(parts), omap, blanks, links, footnotes, strong, quoted, section), cursor

    def finish(self, kind: BlockKind, text: str, omap: OffsetMap, blanks: list[tuple[int, int]], links: list[tuple[int, int, str]], footnotes: list[tuple[int, str]], strong: list[tuple[int, int]], quoted: bool, section: Section | None) -> TextRun:
        """The run of ``text``, with its bare URLs found and blanked in ``prose``."""
        if "://" in text or "www." in text.lower():  # what every bare URL contains; the search is slow
            for match in lazy_regex(_BARE_URL).finditer(text):
                blanks.append(match.span())
                links.append((match.start(), match.end(), match.group()))
        prose = _blank(text, blanks)
        return make_text_run(kind, text, prose, omap, self.index, _sorted(links), tuple(footnotes), _sorted(strong), section, quoted)

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


def _find_markup(source: str, content: str, cursor: int, limit: int) -> tuple[int, int] | None:
    """Where inline markup stands in the source. markdown-it reads every line break as "\n",
    so markup that spans lines of a CRLF (or CR) file is looked for with the file's breaks."""
    found = source.find(content, cursor, limit)
    if found != -1:
        return found, found + len(content)
    if "\n" not in content:
        return None
    match = re.compile(r"(?:\r\n?|\n)".join(re.escape(part) for part in content.split("\n"))).search(source, cursor, limit)
    return match.span() if match is not None else None


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



class Markers:
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

