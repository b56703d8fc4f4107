"""Embedded source material: the article or excerpt a report quotes, told apart from its own prose."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reportlint._dates import lazy_regex
from reportlint._text import normalize_title


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

_ATX_HEADING = r" {0,3}#{1,6}(?:[ \t]|$)"  # compiled by lazy_regex: only inside a leading source block
_COMMENT_LINE = re.compile(r"\s*<!--.*-->\s*")


def _marker(line: str) -> str:
    return normalize_title(line.strip().strip("#*_ ").rstrip(":").strip("*_ "))


def leading_source_block(lines: tuple[str, ...], first_line: int, markers: SourceMarkers = DEFAULT_SOURCE_MARKERS) -> tuple[int, int] | None:
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
        if lazy_regex(_ATX_HEADING).match(line):
            last = index - 1
            while last > opener and not lines[last].strip():
                last -= 1
            return (opener + 1, last) if last >= opener + 1 else None
    return None

