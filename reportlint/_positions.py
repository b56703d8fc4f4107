"""Source positions: 1-based line/column spans and the maps that produce them.

markdown-it-py gives block tokens line ranges but no columns, so every piece of plain
text the document model produces carries a piecewise map back to source offsets.
"""
from __future__ import annotations

from bisect import bisect_right
import re
from typing import NamedTuple

_LINE_END = re.compile(r"\r\n|\r|\n")


# Position and Span are named tuples, not frozen dataclasses: they compare, hash and print
# the same, but cost a third to make, and the cyclic garbage collector stops tracking a
# tuple of numbers (a document holds tens of thousands of them).
class Position(NamedTuple):
    """1-based line and column; the column counts Unicode code points."""

    line: int
    column: int


class Span(NamedTuple):
    """A source range; ``end`` is exclusive."""

    start: Position
    end: Position


class Sealed:
    """Set once, in ``__init__`` (through ``object.__setattr__``): a rule (a plugin included)
    shares these with every other rule of the document, so none may change them. The
    document model's types are sealed the same way (``_document._Frozen``)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__}.{name} is read-only: the document model is frozen once built")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__}.{name} is read-only: the document model is frozen once built")


class LineIndex(Sealed):
    """Converts offsets in the decoded text to positions (CR, LF and CRLF all end a line)."""

    __slots__ = ("text", "starts")
    text: str
    starts: tuple[int, ...]

    def __init__(self, text: str) -> None:
        starts = [0]
        if "\r" in text:
            starts.extend(m.end() for m in _LINE_END.finditer(text))
        else:
            find = text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "starts", tuple(starts))

    def position(self, offset: int) -> Position:
        line = bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset`` (``position(offset).line``)."""
        return bisect_right(self.starts, offset)

    def span(self, start: int, end: int) -> Span:
        return Span(self.position(start), self.position(max(end, start)))

    def lines(self) -> tuple[str, ...]:
        """Every line of the text without its terminator."""
        if "\r" not in self.text:
            return tuple(self.text.split("\n"))
        return tuple(self.text[self.starts[i] : self.line_end(i)] for i in range(len(self.starts)))

    def line_start(self, line0: int) -> int:
        """Offset where 0-based line ``line0`` starts (the text length past the end)."""
        return self.starts[line0] if line0 < len(self.starts) else len(self.text)

    def line_end(self, line0: int) -> int:
        """Offset of the end of 0-based line ``line0``, before its line terminator."""
        if line0 + 1 < len(self.starts):
            end = self.starts[line0 + 1] - 1
        else:
            end = len(self.text)
        if end > 0 and self.text[end - 1 : end] == "\r":
            end -= 1
        return end


class OffsetMap(Sealed):
    """Piecewise map from offsets in a plain-text string to offsets in the source.

    Each segment ``(plain_start, source_start)`` says that plain text from
    ``plain_start`` onwards is a verbatim copy of the source from ``source_start``
    until the next segment begins. Built with :meth:`add`, then :meth:`seal`-ed when its
    text run is made: no rule can move the positions another rule reports.
    """

    __slots__ = ("plain_starts", "source_starts")
    plain_starts: list[int]  # a tuple once sealed
    source_starts: list[int]

    def __init__(self) -> None:
        object.__setattr__(self, "plain_starts", [])
        object.__setattr__(self, "source_starts", [])

    def seal(self) -> None:
        object.__setattr__(self, "plain_starts", tuple(self.plain_starts))
        object.__setattr__(self, "source_starts", tuple(self.source_starts))

    def add(self, plain_start: int, source_start: int) -> None:
        if self.plain_starts and self.plain_starts[-1] == plain_start:
            self.source_starts[-1] = source_start
            return
        self.plain_starts.append(plain_start)
        self.source_starts.append(source_start)

    def source_offset(self, plain: int) -> int:
        if not self.plain_starts:
            return 0
        k = max(bisect_right(self.plain_starts, plain) - 1, 0)
        return self.source_starts[k] + (plain - self.plain_starts[k])

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets for the plain range ``[start, end)``; the end stays exclusive."""
        begin = self.source_offset(start)
        if end <= start:
            return begin, begin
        return begin, max(self.source_offset(end - 1) + 1, begin)


def convert_column(line: str, column: int, unit: str) -> int:
    """A 1-based code-point ``column`` on ``line`` in ``unit``: "utf-16" code units or "utf-8" bytes.

    Columns past the end of the line (the exclusive end of a span) count one unit each.
    """
    head = line[: column - 1]
    beyond = max(column - 1 - len(line), 0)
    if unit == "utf-16":
        return len(head.encode("utf-16-le", "surrogatepass")) // 2 + beyond + 1
    if unit == "utf-8":
        return len(head.encode("utf-8", "surrogatepass")) + beyond + 1
    raise ValueError(f"unknown column unit {unit!r}")
