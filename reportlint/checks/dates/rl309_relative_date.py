"""RL309: words that date an event relative to when the report was written."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import (
    DateMatch, Document, Finding, Precision, RuleContext, Section, Sentence, Severity, TextRun, find_dates, find_relative, lazy_regex,
    may_have_relative, might_contain, rule,
)

from reportlint.checks.dates._labels import is_date_label
from reportlint.checks.dates._options import REPORT_LABELS
from reportlint.checks.dates._own_dates import is_quoted
from reportlint.checks.dates._report_date import report_dating

# Compiled by lazy_regex: only sentences with a relative date need them.
# Words that look back: never a plan, whatever the clause says.
_BACKWARD = r"(?i)yesterday|\b(?:last|ago|earlier|past|previous|since|other)\b"
# A plan or announcement: "we're going to release later today", "planned for later this year".
_PLAN = (
    r"(?i)\b(?:plan(?:s|ned)?\s+(?:to|for)|planned|scheduled|will|won['’]t|shall|going\s+to|intend(?:s|ed)?\s+to"
    r"|expect(?:s|ed)?\s+to|to\s+be\s+\w+ed)\b|\w['’]ll\b"
)
_PLAN_HINTS = ("plan", "schedul", "will", "won", "shall", "going to", "intend", "expect", "to be", "ll")
# The words are relative to an event the text states, not to the writing: "On Monday, two days prior".
_EVENT_RELATIVE = (
    r"(?i)\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\d+)\s+(?:hours?|days?|weeks?|months?)"
    r"\s+(?:prior|before|after|earlier|later)\b|\bthe\s+(?:day|night|week|morning|evening)\s+(?:before|after|prior)\b"
)


@rule(code="RL309", name="relative-date", summary="Relative dates ('yesterday', 'last week') lose their meaning once the report is filed", severity=Severity.WARNING, tags=("dates",))
def relative_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags words that date an event relative to when the report was written: "yesterday",
    "last week", "three days ago", "earlier this month", "on Monday", "in the past few
    days", "since the last 2 weeks", in a report that does not date itself.

    Not reported:
    - anything in a report that states when it was written or what day it is about (a
      front-matter `date`, a Report Date or Published field, a dated front-matter `path`,
      a date field in the header, a date in the title or in the opening sentence): the
      reader can work the date out;
    - words in a sentence, paragraph, list item or table row that states a day, or under a
      heading that does ("re-assess tomorrow" in a row dated 2024-05-14);
    - a weekday followed by its date ("on Friday 29 November 2019");
    - plans and announcements ("we will release the fix later today", "planned for later
      this year");
    - words relative to an event the text states ("on Monday, two days prior");
    - "recently" (it orders events, it does not date them) and "in the last few years"
      (background, not an event).

    ## Why is this bad?
    A report is read months later. "Yesterday" then means nothing, and the reader cannot
    rebuild the timeline.

    ## Example
    ```markdown
    The attacker logged in yesterday.
    ```
    Use instead:
    ```markdown
    The attacker logged in on 2024-05-13 at 22:10 UTC.
    ```
    """
    sentences = [s for s in doc.sentences if not (s.quoted or is_quoted(doc, s.run) or s.block == "footnote")]
    if not may_have_relative(s.prose for s in sentences):
        return
    if ctx.analysis(report_dating, tuple(REPORT_LABELS["report-date-labels"])) is not None:
        return
    date_values: dict[int, list[int]] = {}
    for found in doc.fields:
        if is_date_label(found.name):
            date_values.setdefault(id(found.run), []).append(found.value_start)
    anchors = _Anchors(doc)
    for sentence in sentences:
        spans = find_relative(sentence.prose)
        if not spans or anchors.dated(sentence):
            continue
        if any(sentence.start <= start <= sentence.start + len(sentence.text) for start in date_values.get(id(sentence.run), ())):
            continue  # the value of a date field: RL301 reports it
        if lazy_regex(_EVENT_RELATIVE).search(sentence.prose):
            continue
        planned = might_contain(sentence.prose, _PLAN_HINTS) and bool(lazy_regex(_PLAN).search(sentence.prose))
        for start, end in spans:
            words = sentence.text[start:end]
            if planned and not lazy_regex(_BACKWARD).search(words):
                continue
            yield ctx.finding(sentence.span_of(start, end), f'relative date "{words}": state the date it means')


def _states_day(text: str) -> bool:
    """Whether ``text`` names a calendar day (with or without its year)."""
    return any(_is_day(m) for m in find_dates(text))


def _is_day(match: DateMatch) -> bool:
    value = match.value
    return value is not None and value.precision >= Precision.DAY and value.month is not None and value.day is not None


class _Anchors:
    """Whether the text around a sentence states the day its relative words count from: the
    sentence, its paragraph or list item, its table row, or the nearest heading above."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rows: dict[int, tuple[TextRun, ...]] | None = None
        self.runs: dict[int, bool] = {}
        self.sections: dict[int, bool] = {}

    def dated(self, sentence: Sentence) -> bool:
        return _states_day(sentence.prose) or self._run(sentence.run) or self._section(sentence.section)

    def _run(self, run: TextRun) -> bool:
        if id(run) not in self.runs:
            cells: tuple[TextRun, ...] = (run,)
            if run.kind == "table_cell":
                if self.rows is None:
                    self.rows = {id(cell): row.cells for table in self.doc.tables for row in table.rows for cell in row.cells}
                cells = self.rows.get(id(run), cells)
            self.runs[id(run)] = any(_states_day(cell.prose) for cell in cells)
        return self.runs[id(run)]

    def _section(self, section: Section | None) -> bool:
        if section is None:
            return False
        if id(section) not in self.sections:
            self.sections[id(section)] = _states_day(section.title) or self._section(section.parent)
        return self.sections[id(section)]
