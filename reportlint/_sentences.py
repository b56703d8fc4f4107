"""Where sentences start and end in a run's plain text."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint._dates import lazy_regex
from reportlint._text import trim

_ABBREVIATIONS = frozenset(
    """e.g i.e etc vs mr mrs ms dr prof inc ltd co corp jr sr st no nos fig figs approx
    u.s u.k u.n e.u cf al jan feb mar apr jun jul aug sep sept oct nov dec est dept gov
    vol pp ca resp dept min max avg ref refs sec ver""".split()
)
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9*_])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])\.*([A-Za-z][A-Za-z.]*)$")  # lookbehind: linear on long runs
_WORD_WINDOW = 40  # longer than any abbreviation; searching further back is quadratic in long paragraphs
_FIELD_LINE = r"[A-Z][\w /&()'’-]{0,50}:\s"  # compiled by lazy_regex: only after a line that does not end a sentence
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
    return [trimmed for a, b in ranges if (trimmed := trim(text, a, b))[0] < trimmed[1]]


def _line_cuts(text: str) -> Iterator[int]:
    position = text.find("\n")
    while position != -1:
        line_start = text.rfind("\n", 0, position) + 1
        line = text[line_start:position].rstrip()
        following = text[position + 1 : position + 80]
        if line and (
            line[-1] in _TERMINAL
            or lazy_regex(_FIELD_LINE).match(following)
            or (len(line.split()) <= 6 and following[:1].isupper() and line[-1] not in ",-")
        ):
            yield position + 1
        position = text.find("\n", position + 1)

