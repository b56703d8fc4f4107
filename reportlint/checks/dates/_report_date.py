"""When the report was written, and the year it gives to dates written without one.

A report is *dated* when it states when it was written, or dates itself where a reader
looks first. :func:`report_dating` is the one answer the rules share (RL305, RL309, RL310,
and the structure family for a required Date); its sources, best first:

- ``front-matter``: a front-matter ``date`` or ``published`` (a RustSec leading ```toml
  block is front matter too);
- ``field``: the latest date of a Report Date/Published/Updated/Revised field;
- ``path``: a front-matter ``path``/``permalink``/``slug`` with a ``YYYY/MM/DD`` segment;
- ``header``: a date-labelled field ("**Date:** 2024-05-20") before the first section;
- ``title``: a date (at least a month and year) in the H1 or front-matter title, read
  before anything drops its parentheses ("Outage (October 2025)");
- ``opening``: a full date in the opening sentence ("On 14 May 2024, ...").

The first three say when the report was *written* (RL305 compares events with them); the
others date the incident the report is about, which is enough to resolve "yesterday".
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from reportlint.api import Analyses, DateMatch, Document, Field, Precision, Span, TextRun, analysis, find_dates, lazy_regex, precedes

from reportlint.checks.dates._labels import in_list, is_date_label
from reportlint.checks.dates._options import REPORT_LABELS
from reportlint.checks.dates._own_dates import explicit, own_fields, own_runs

DateSource = Literal["front-matter", "field", "path", "header", "title", "opening"]
_FRONT_DATES = ("date", "published", "pubdate", "publishdate", "publish_date", "publication_date", "publication-date")
_FRONT_PATHS = ("path", "permalink", "slug")
# Compiled by lazy_regex: only reports with such a front-matter key need it.
_PATH_DAY = r"(?:^|/)(?P<y>(?:19|20)\d{2})/(?P<m>[01]\d)/(?P<d>[0-3]\d)(?=$|[/._-])"
_TIME_HEADER = r"(?i)\b(?:date|dates|time|timestamp|when|day)\b"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # nothing compares, hashes or prints one
class ReportDate:
    """The date a report states for itself, where (``run.text[start:end]``), and whether it
    is when the report was written."""

    match: DateMatch
    run: TextRun
    start: int
    end: int
    source: DateSource
    written: bool

    @property
    def text(self) -> str:
        return self.match.text

    @property
    def span(self) -> Span:
        return self.run.span(self.start, self.end)


@analysis
def report_dating(analyses: Analyses, labels: tuple[str, ...]) -> ReportDate | None:
    """How the report dates itself (see the module), or None for an undated report;
    ``labels`` are the field labels that give the report date."""
    doc = analyses.doc
    return _written(doc, labels) or _header(doc) or _title(doc) or _opening(analyses)


def default_dating(analyses: Analyses) -> ReportDate | None:
    """:func:`report_dating` with the default report-date labels."""
    return analyses.get(report_dating, tuple(REPORT_LABELS["report-date-labels"]))


def _at(found: Field, match: DateMatch, source: DateSource, written: bool) -> ReportDate:
    return ReportDate(match, found.run, found.value_start + match.start, found.value_start + match.end, source, written)


def _first_full(text: str, precision: Precision = Precision.DAY) -> DateMatch | None:
    return next((m for m in explicit(find_dates(text)) if m.value is not None and m.value.precision >= precision), None)


def _written(doc: Document, labels: tuple[str, ...]) -> ReportDate | None:
    front = {f.name.casefold(): f for f in doc.fields if f.source == "front-matter"}
    for key in _FRONT_DATES:
        if key in front:
            found = explicit(find_dates(front[key].value))
            if found:
                return _at(front[key], found[0], "front-matter", True)
    best: tuple[DateMatch, Field] | None = None
    for found_field in own_fields(doc):
        if found_field.source == "front-matter" or not in_list(found_field.name, labels):
            continue
        for match in explicit(find_dates(found_field.value)):
            if best is None or precedes(best[0], match):
                best = (match, found_field)
    if best is not None:
        return _at(best[1], best[0], "field", True)
    for key in _FRONT_PATHS:
        if key in front:
            day = lazy_regex(_PATH_DAY).search(front[key].value)
            if day is not None:
                start, end = day.start("y"), day.end("d")
                parsed = find_dates(f"{day['y']}-{day['m']}-{day['d']}")
                if parsed and parsed[0].value is not None:
                    match = replace(parsed[0], start=start, end=end, text=front[key].value[start:end])
                    return _at(front[key], match, "path", True)
    return None


def _header(doc: Document) -> ReportDate | None:
    """A date-labelled field before the first section: the report's header block."""
    for found in own_fields(doc):
        if found.source == "front-matter" or (found.section is not None and found.section.level > 1):
            continue
        if is_date_label(found.name):
            match = _first_full(found.value)
            if match is not None:
                return _at(found, match, "header", False)
    return None


def _title(doc: Document) -> ReportDate | None:
    if doc.title is not None:
        match = _first_full(doc.title.heading.text, Precision.MONTH)
        if match is not None:
            return ReportDate(match, doc.title.heading, match.start, match.end, "title", False)
    front = next((f for f in doc.fields if f.source == "front-matter" and f.name.casefold() == "title"), None)
    if front is not None:
        match = _first_full(front.value, Precision.MONTH)
        if match is not None:
            return _at(front, match, "title", False)
    return None


def _opening(analyses: Analyses) -> ReportDate | None:
    """A full date in the first sentence of the report's first paragraph."""
    doc = analyses.doc
    first = next((r for r in analyses.get(own_runs) if r.kind == "paragraph"), None)
    if first is None:
        return None
    sentence = next((s for s in doc.sentences if s.run is first), None)
    end = len(sentence.text) + sentence.start if sentence is not None else len(first.prose)
    match = _first_full(first.prose[:end])
    return ReportDate(match, first, match.start, match.end, "opening", False) if match is not None else None


@analysis
def reference_year(analyses: Analyses) -> int | None:
    """The year given to "May 14" and "31st March": the report's own date's, else the first
    full date's, else a year a heading or a date column's header states ("| Date (2021) |")."""
    found = default_dating(analyses)
    if found is not None and found.match.value is not None and found.match.value.year is not None:
        return found.match.value.year
    for run in analyses.get(own_runs):
        for match in explicit(find_dates(run.prose)):
            if match.value is not None and match.value.precision >= Precision.MONTH:
                return match.value.year
    return _heading_year(analyses.doc)


def _heading_year(doc: Document) -> int | None:
    titles = [section.title for section in doc.sections]
    titles += [
        cell.prose for table in doc.tables if table.header is not None
        for cell in table.header.cells if lazy_regex(_TIME_HEADER).search(cell.prose)
    ]
    for title in titles:
        for match in find_dates(title):
            if match.value is not None and match.value.precision == Precision.YEAR and not match.is_range:
                return match.value.year
    return None

