"""The values that could be an N/A, found once per document, and the check RL201 and RL204 share."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import NamedTuple

from reportlint.api import Analyses, Document, Field, Finding, RuleContext, Section, Span, TableRow, TextRun, analysis, lazy_regex, shorten

_NA_VALUE = re.compile(r"(?i)\A\s*(?P<token>n/a|n\.a\.?|na|not applicable|none|nil|[-–—])(?![\w/]|-\w)(?P<rest>.*)", re.DOTALL)
_GAP_VALUE = re.compile(
    r"(?i)\A\s*(?P<token>unknown|undisclosed|unspecified|not\s+(?:(?:explicitly|publicly|yet)\s+)?"
    r"(?:stated|known|available|disclosed|specified|provided|reported|determined))(?!\w)(?P<rest>.*)",
    re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_DASHES = frozenset("-–—")
_WORDLIKE = frozenset({"none", "nil", "na"})  # tokens that may start an ordinary sentence
_CONTINUATION = r"[ \t]+[^\W\d_]"  # compiled by lazy_regex, like _OPENING_REASON, _CVSS_VECTOR and _LABEL_HEAD_CUT
# A sentence opening a section that says why its items do not apply (seed lines 43-45).
_OPENING_REASON = r"(?i)\b(?:n/a|not applicable|do(?:es)? not apply|not relevant)\b"
_OPENING_MIN_WORDS = 4
# A whole value that is only question marks or an unfilled clock ("?", "??", "--:--"): a gap.
_MARK_GAP = re.compile(r"\A(?P<pad>[\s*_]*)(?P<token>\?+|-{1,2}:-{1,2})[\s*_.]*\Z")
# "none"/"nil" answers a question on a closed scale (CVSS metrics) or a count; "N/A" never does.
_ANSWER_TOKENS = frozenset({"none", "nil"})
_SCALE_WORDS = frozenset(
    "none low medium moderate high critical network adjacent local physical required unchanged changed".split()
)
_SCALE_SIBLINGS_MIN = 2
_CVSS_VECTOR = r"CVSS:\d\.\d/|\bAV:[NALP]/"
_LABEL_HEAD_CUT = r"\(|\b(?:of|for|in|on|to|from|with|per)\b"
_NOT_PLURAL_ENDINGS = ("ss", "us", "is")
_PARTICIPLES = frozenset({"found", "seen", "known", "identified", "observed", "left"})


class _Bare(NamedTuple):
    """A value that says N/A (or that it is unknown): where the token is, and whether a reason follows."""

    token: str
    start: int  # offset of the token in the value text
    end: int
    gap: bool
    words: int  # words after the token; -1 after a slash: another answer, not a reason ("Unknown/Assumed ...")

    def gives_reason(self, min_words: int) -> bool:
        """At least ``min_words`` words follow ("N/A (no data left the network)", "None. The host was offline.")."""
        return self.words >= 0 and self.words >= min_words


def _na_value(text: str) -> _Bare | None:
    """The N/A or gap statement ``text`` opens with, or None when it is something else.

    "None of the hosts ..." and "- text" are not N/A.
    """
    mark = _MARK_GAP.match(text)
    if mark is not None:
        return _Bare(mark.group("token"), mark.start("token"), mark.end("token"), True, 0)
    for pattern, gap in ((_NA_VALUE, False), (_GAP_VALUE, True)):
        match = pattern.match(text)
        if match is None:
            continue
        token, rest = match.group("token"), match.group("rest")
        if token in _DASHES and rest.strip(" \t.*_"):
            return None
        if token.lower() in _WORDLIKE and lazy_regex(_CONTINUATION).match(rest):
            return None
        words = -1 if rest.lstrip().startswith("/") else len(_WORD.findall(rest))
        return _Bare(token, match.start("token"), match.end("token"), gap, words)
    return None


class _Value(NamedTuple):
    """One value to judge: its text, where it lies, and how a message names it."""

    text: str
    run: TextRun
    offset: int  # where ``text`` starts in ``run.text``
    section: Section | None
    subject: str  # '"Discovery" is', 'List item is', ...
    where: str = ""  # added to the reason message: ' in its row'
    label: str = ""  # the field's label or the cell's column header
    siblings: _Peers | None = None  # what the other values of the same field list or table column say

    def message(self, token: str, ending: str) -> str:
        return f'{self.subject} "{token}"{ending}'


class _Peers:
    """How many values of a field list or table column are scale words or CVSS vectors, counted
    once per list or column (not once per value: a section with thousands of fields stays linear),
    and only when a value asks (a bare "None"): most lists and columns never need the count."""

    __slots__ = ("_values", "_counts")

    def __init__(self, values: Callable[[], Iterable[str]]) -> None:
        self._values: Callable[[], Iterable[str]] | None = values
        self._counts = (0, 0)

    def _count(self) -> tuple[int, int]:
        if self._values is not None:
            scale = cvss = 0
            for text in self._values():
                scale += _is_scale_word(text)
                cvss += _has_cvss(text)
            self._counts, self._values = (scale, cvss), None
        return self._counts

    def scale_besides(self, own: str) -> int:
        return self._count()[0] - _is_scale_word(own)

    def cvss_besides(self, own: str) -> bool:
        return self._count()[1] - _has_cvss(own) > 0


def _is_scale_word(text: str) -> bool:
    return text.strip(" \t.*_").lower() in _SCALE_WORDS


def _has_cvss(text: str) -> bool:
    return lazy_regex(_CVSS_VECTOR).search(text) is not None


def _field_values(fields: Sequence[Field]) -> list[str]:
    return [other.value for other in fields]


def _column_values(rows: Sequence[TableRow], index: int) -> list[str]:
    return [other.cells[index].text for other in rows if index < len(other.cells)]


def _values(doc: Document) -> Iterator[_Value]:
    """Fields, table cells, list items and section bodies that could be an N/A."""
    peers: dict[int, _Peers] = {}
    for found in doc.fields:
        if found.source != "table" and found.value:
            siblings = None
            if found.section is not None:
                siblings = peers.get(id(found.section))
                if siblings is None:
                    siblings = peers[id(found.section)] = _Peers(partial(_field_values, found.section.fields))
            yield _Value(found.value, found.run, found.value_start, found.section, f'"{found.name}" is', label=found.name, siblings=siblings)
    for table in doc.tables:
        header = table.header.cells if table.header else ()
        columns: dict[int, _Peers] = {}
        for row in table.rows:
            reasons: list[int] | None = None  # the cells of the row (not the label column) that explain
            for index, cell in enumerate(row.cells):
                if _na_value(cell.text) is None:
                    continue
                if reasons is None:
                    reasons = [i for i, other in enumerate(row.cells) if i != 0 and _gives_reason(other)]
                if any(i != index for i in reasons[:2]):  # another cell explains
                    continue
                name = header[index].text.strip() if index < len(header) else ""
                label = f'"{name}"' if name else "Table cell"
                column = columns.get(index)
                if column is None:
                    column = columns[index] = _Peers(partial(_column_values, table.rows, index))
                yield _Value(cell.text, cell, 0, table.section, f"{label} is", " in its row", label=name, siblings=column)
    for item in doc.list_items:
        if len(item.runs) == 1:
            yield _Value(item.runs[0].text, item.runs[0], 0, item.section, "List item is")
    for section in doc.sections:
        runs = [run for run in section.runs if run.kind != "heading"]
        if len(runs) == 1 and runs[0].kind == "paragraph":
            yield _Value(runs[0].text, runs[0], 0, section, f'Section "{shorten(section.title)}" is')


def _is_answer(value: _Value, bare: _Bare) -> bool:
    """ "None"/"Nil" that answers the question: a value on a closed scale, or a count of zero.

    A scale is recognised by its siblings (at least two other values of the same field list or
    table column are scale words such as "low" or "network") or by a CVSS vector in the section;
    a count by a plural label ("Found variants: None").
    """
    if bare.gap or bare.token.lower() not in _ANSWER_TOKENS:
        return False
    siblings = value.siblings
    if siblings is not None and (siblings.scale_besides(value.text) >= _SCALE_SIBLINGS_MIN or siblings.cvss_besides(value.text)):
        return True
    if value.section is not None and any(lazy_regex(_CVSS_VECTOR).search(run.text) for run in value.section.runs):
        return True
    return _plural_label(value.label)


def _plural_label(label: str) -> bool:
    """The label's head noun is plural: "Found variants", "Known cases of the same flow"."""
    head = lazy_regex(_LABEL_HEAD_CUT).split(label, maxsplit=1)[0].split()
    if not head:
        return False
    word = head[-1].lower()
    if len(head) > 1 and (word.endswith("ed") or word in _PARTICIPLES):  # "Related bugs found"
        word = head[-2].lower()
    return len(word) > 3 and word.isalpha() and word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDINGS)


def _gives_reason(cell: TextRun) -> bool:
    """A table cell that explains, in a few words."""
    return len(_WORD.findall(cell.text)) >= 3 and _na_value(cell.text) is None


def quoted(doc: Document, run: TextRun, span: Span) -> bool:
    """Text the report quotes (a blockquote or its source material): not a value of its own."""
    return run.quoted or doc.in_source_material(span.start)


def _policy(section: Section | None, ctx: RuleContext) -> str:
    """The profile's N/A policy for the nearest enclosing section it knows."""
    while section is not None:
        spec = ctx.profile.spec_for(section)
        if spec is not None:
            return spec.na
        section = section.parent
    return "justify"


def _first_run(section: Section | None) -> TextRun | None:
    """The first block of a section's own content."""
    if section is None:
        return None
    return next((run for run in section.runs if run.kind != "heading"), None)


def _opening_reason(section: Section | None) -> TextRun | None:
    """The paragraph that opens ``section`` when it says why the section's items are N/A."""
    first = _first_run(section)
    if first is not None and first.kind == "paragraph" and lazy_regex(_OPENING_REASON).search(first.text) and len(_WORD.findall(first.text)) >= _OPENING_MIN_WORDS:
        return first
    return None


@analysis
def _bare_values(analyses: Analyses) -> list[tuple[_Value, _Bare]]:
    """The values that open with an N/A or gap token, found once for RL201 and RL204."""
    return [(value, bare) for value in _values(analyses.doc) if (bare := _na_value(value.text)) is not None and not _is_answer(value, bare)]


def bare_value_findings(doc: Document, ctx: RuleContext, gap: bool) -> Iterator[Finding]:
    """Values that say N/A (``gap=False``, RL201) or Unknown (``gap=True``, RL204) with no reason."""
    min_words = ctx.options["min-words"]
    seen: set[Span] = set()
    for value, bare in ctx.analysis(_bare_values):
        if bare.gap != gap:
            continue
        policy = "justify" if gap else _policy(value.section, ctx)
        if policy == "allowed" or (bare.gives_reason(min_words) and policy != "forbidden"):
            continue
        span = value.run.span(value.offset + bare.start, value.offset + bare.end)
        if span in seen or quoted(doc, value.run, span):
            continue
        opening = _opening_reason(value.section) if not gap and policy == "justify" else None
        if opening is not None and value.run is not opening:
            continue
        seen.add(span)
        if gap:
            yield ctx.finding(span, value.message(bare.token, ": a gap, not N/A; find the value or say what was tried"))
        elif policy == "forbidden":
            yield ctx.finding(span, value.message(bare.token, ", which this section does not accept"))
        else:
            yield ctx.finding(span, value.message(bare.token, f" with no reason given{value.where}"))
