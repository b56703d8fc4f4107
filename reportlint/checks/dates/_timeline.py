"""Timelines and their dated entries: the rows of each table of a timeline section, its dated
list items and the Date/Time fields of it and its subsections, each entry with a full date."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta

from reportlint.api import (
    ZONE_OFFSETS, Analyses, DateMatch, Precision, RuleContext, Section, Span, Table, TextRun, When, analysis, find_dates,
    lazy_regex, leading_date, might_contain,
)

from reportlint.checks._kinds import kinds_by_title
from reportlint.checks.dates._labels import is_date_label, label_key
from reportlint.checks.dates._options import Shape, shape_of
from reportlint.checks.dates._own_dates import own_runs
from reportlint.checks.dates._plans import is_plan, is_plan_section, matches_title
from reportlint.checks.dates._report_date import reference_year

# Compiled by lazy_regex: only reports with a timeline (or a zone) need them.
_DUE_HEADER = r"(?i)\b(?:due|deadline|target|eta|planned|expected|by)\b"
_TIME_HEADER = r"(?i)\b(?:date|time|timestamp|when)\b"
_ZONES = "|".join(sorted((name for name in ZONE_OFFSETS if name != "Z"), key=len, reverse=True)) + (
    r"|(?:Eastern|Central|Mountain|Pacific)(?:\s(?:Standard|Daylight))?\s[Tt]ime|(?<=\()(?:Eastern|Central|Mountain|Pacific)(?=\))"
)
_ZONE_NOTE = (
    r"(?i)\b(?:all\s+)?(?:times?|timestamps?|hours)\b[^.\n]{0,30}?\b(?:in|are|is|as)\s+\(?(?:" + _ZONES + r"|local time|[+-]\d{2}:?\d{2})\b"
)
_HEADER_ZONE = r"\b(?:" + _ZONES + r")\b"


@dataclass(frozen=True, eq=False, repr=False)  # nothing compares, hashes or prints one
class Entry:
    """A dated timeline entry; ``explicit`` is False when its date was inherited or inferred."""

    match: DateMatch
    value: When
    span: Span
    explicit: bool
    zoned: bool


class _Clock:
    """The last stated date of a timeline; gives its time-only entries a day."""

    def __init__(self, day: When | None) -> None:
        self.day = day
        self.last: When | None = None

    def resolve(self, value: When) -> tuple[When | None, bool]:
        """(the value with a date, explicit?) for an entry; a time earlier by more than
        6 hours than the previous one is taken to be on the next day."""
        if value.has_date:
            if value.precision >= Precision.DAY:  # the day alone: a later time may cross midnight from it
                self.day = replace(value, precision=Precision.DAY, hour=None, minute=None, second=None)
                self.last = value if value.has_time else None
            return value, not value.year_inferred
        if not value.has_time:
            return None, False
        if self.day is None:  # no date stated: order the times on a day of their own
            self.day = When(Precision.DAY, 2000, 1, 1)
        dated = value.on(self.day)
        before, now = (self.last.bounds(False) if self.last else None), dated.bounds(False)
        if before and now and before[0] - now[0] > timedelta(hours=6):
            bounds = self.day.bounds(False)
            if bounds:
                day = bounds[1]
                self.day = replace(self.day, year=day.year, month=day.month, day=day.day)
                dated = value.on(self.day)
        self.last = dated
        return dated, False


@dataclass(eq=False, repr=False)  # nothing compares or prints one: no methods to compile at import
class Timeline:
    """One timeline of a report: its entries in document order, whether a note or header gives their time zone, and its clock."""

    entries: list[Entry]
    zone_note: bool
    clock: _Clock


def timelines(ctx: RuleContext) -> list[Timeline]:
    """The timelines of a report, each with its entries in document order: each table of a
    timeline section, the dated list items of each timeline section, and the Date/Time
    fields of a timeline section and its subsections."""
    return ctx.analysis(_timelines, shape_of(ctx, "timeline-sections", "plan-sections"))


@analysis
def _timelines(analyses: Analyses, shape: Shape) -> list[Timeline]:
    doc = analyses.doc
    names = shape.option("timeline-sections")
    if not any(matches_title(section, names, with_ancestors=False) for section in doc.sections):
        return []
    year = analyses.get(reference_year)
    day_first = shape.day_first
    cells = {id(cell): (table, row) for table in doc.tables for row in table.rows for cell in row.cells}
    columns: dict[int, int | None] = {}  # the date column of each timeline table, found on first use
    date_fields = {id(f.run): f for f in doc.fields if f.source == "inline" and is_date_label(f.name) and not label_key(f.name)}
    found: dict[int, Timeline] = {}
    # The runs read so far whose dates count as "the last date stated before" a timeline.
    # That date is needed only when a timeline starts under a heading without a date, so it is
    # searched for then, backwards, and each run at most once (``searched`` runs gave ``last``).
    counted: list[TextRun] = []
    searched, last = 0, None

    def last_day() -> When | None:
        nonlocal searched, last
        for run in reversed(counted[searched:]):
            days = [m.value for m in find_dates(run.prose, year=year, day_first=day_first) if _full_day(m)]
            if days:
                last = days[-1]
                break
        searched = len(counted)
        return last

    notes: dict[int, bool] = {}  # whether a section (or, for None, the text before any) has a zone note

    def zone_note(section: Section | None) -> bool:
        if id(section) not in notes:
            runs = section.runs if section is not None else [r for r in analyses.get(own_runs) if r.section is None]
            notes[id(section)] = any(_zone_note(r) for r in runs)
        return notes[id(section)]

    def timeline(key: int, section: Section | None, header_zone: bool = False) -> Timeline:
        if key not in found:
            covered = header_zone or zone_note(None) or any(zone_note(s) or _title_zone(s) for s in _ancestry(section))
            found[key] = Timeline([], covered, _Clock(_heading_day(section, year) or last_day()))
        return found[key]

    kinds = kinds_by_title(shape.sections)
    timeline_sections = {id(s) for s in doc.sections if matches_title(s, names) and not is_plan_section(s, shape, kinds)}
    for run in analyses.get(own_runs):
        in_timeline = id(run.section) in timeline_sections
        target: tuple[Timeline, DateMatch, int] | None = None
        if in_timeline and id(run) in cells:
            table, row = cells[id(run)]
            if id(table) not in columns:
                columns[id(table)] = _date_column(table, year, day_first)
            column = columns[id(table)]
            if column is None or row.cells.index(run) != column:
                continue  # dates inside an event's text are mentions, not its time
            header_zone = table.header is not None and bool(lazy_regex(_HEADER_ZONE).search(table.header.cells[column].text))
            if not is_plan(" ".join(c.prose for c in row.cells)):
                match = leading_date(run.prose, year=year, day_first=day_first)
                if match is not None:
                    target = (timeline(id(table), run.section, header_zone), match, 0)
        elif in_timeline and id(run) in date_fields:
            field_ = date_fields[id(run)]
            match = leading_date(field_.value, year=year, day_first=day_first)
            if match is not None:
                target = (timeline(id(_timeline_root(run.section, names)), run.section), match, field_.value_start)
        elif in_timeline and run.kind == "list_item" and not is_plan(run.prose):
            match = leading_date(run.prose, year=year, day_first=day_first)
            if match is not None:
                target = (timeline(id(run.section), run.section), match, 0)
        if target is not None:
            line, match, offset = target
            if match.value is not None and not match.ambiguous:
                value, explicit = line.clock.resolve(match.value)
                if value is not None:
                    span = run.span(offset + match.start, offset + match.end)
                    line.entries.append(Entry(match, value, span, explicit, match.zoned))
        counted.append(run)
    return [t for t in found.values() if t.entries]


def _full_day(match: DateMatch) -> bool:
    """A date stated to the day, with one reading."""
    return match.value is not None and match.value.has_date and match.value.precision >= Precision.DAY and not match.ambiguous


def _zone_note(run: TextRun) -> bool:
    return might_contain(run.prose, ("time", "hours")) and bool(lazy_regex(_ZONE_NOTE).search(run.prose))


def _title_zone(section: Section) -> bool:
    """A zone named in a section's title covers what it holds: "Timeline (in UTC)"."""
    return bool(lazy_regex(_HEADER_ZONE).search(section.title))


def _ancestry(section: Section | None) -> Iterator[Section]:
    while section is not None:
        yield section
        section = section.parent


def _heading_day(section: Section | None, year: int | None) -> When | None:
    """The day named in the nearest heading that names one ("October 28, 2025 - Outage")."""
    for outer in _ancestry(section):
        for match in find_dates(outer.title, year=year):
            if match.value is not None and match.value.has_date and match.value.precision >= Precision.DAY:
                return match.value
    return None


def _timeline_root(section: Section | None, names: Iterable[str]) -> Section | None:
    """The outermost section titled like a timeline that contains ``section``."""
    root = None
    while section is not None:
        if matches_title(section, names, with_ancestors=False):
            root = section
        section = section.parent
    return root


def _date_column(table: Table, year: int | None, day_first: bool | None) -> int | None:
    """The column whose cells date the rows: a "Time"/"Date" header, not a "Due" one."""
    if table.header is None:
        return None
    for index, cell in enumerate(table.header.cells):
        title = cell.text.strip()
        if lazy_regex(_TIME_HEADER).search(title) and not lazy_regex(_DUE_HEADER).search(title):
            dated = sum(1 for row in table.rows if index < len(row.cells) and leading_date(row.cells[index].prose, year=year, day_first=day_first))
            return index if dated * 2 >= len(table.rows) else None
    return None
