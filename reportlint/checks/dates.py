"""RL3xx: dates that are stated, unambiguous, possible and in order.

Every rule reads dates through :mod:`reportlint._dates`. Timelines are the rows of a
table, the dated items of a list and the ``Date/Time`` fields inside a section titled
like "Timeline"; plans (Action Items, Recommendations, "Due" columns, "by 2025-09-30",
"planned", "scheduled", "will be") are never events. Quoted source material is not linted.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from reportlint._dates import ZONE_OFFSETS, DateMatch, Precision, When, find_dates, find_relative, lazy_regex, leading_date, may_have_relative, might_contain, precedes
from reportlint.api import Analyses, Document, Field, Finding, RuleContext, Section, SectionSpec, Severity, Span, TextRun, analysis, normalize_title, rule
from reportlint.checks._kinds import kinds_by_title

# ---------------------------------------------------------------- shared options

_DAY_ORDER = {"day-order": ""}
_DAY_ORDER_SCHEMA = {"type": "string", "enum": ["", "dmy", "mdy"]}
_TIMELINE = {"timeline-sections": ["timeline", "chronology", "sequence of events"]}
_PLANS = {"plan-sections": ["action items", "action plan", "recommendations", "next steps", "follow-up", "follow up", "future work", "roadmap", "remediation plan", "lessons learned"]}
_EVENT_LABELS = {
    "incident-labels": ["incident", "incident start", "start of incident", "occurred", "occurrence", "compromise", "initial compromise", "first compromise", "breach", "attack", "intrusion", "first malicious activity", "first observed", "outage start", "impact start", "start"],
    "discovery-labels": ["discovery", "discovered", "detection", "detected", "first detected", "identified", "first alert"],
    "containment-labels": ["containment", "contained", "mitigated", "isolated"],
    "resolution-labels": ["resolution", "resolved", "recovery", "recovered", "restored", "service restored", "remediated", "fixed", "closed", "end", "incident end", "outage end"],
}
_PHASES = ("incident", "discovery", "containment", "resolution")
_REPORT_LABELS = {"report-date-labels": ["report date", "published", "publication date", "updated", "last updated", "revised", "last revised"]}
_TODAY = {"today": ""}


def _schema(defaults: Mapping[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key, value in defaults.items():
        if key == "day-order":
            properties[key] = _DAY_ORDER_SCHEMA
        elif key == "today":
            properties[key] = {"type": "string", "pattern": r"^(?:\d{4}-\d{2}-\d{2})?$"}
        elif isinstance(value, list):
            properties[key] = {"type": "array", "items": {"type": "string"}}
        elif isinstance(value, bool):
            properties[key] = {"type": "boolean"}
        else:
            properties[key] = {"type": "string"}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _options(*parts: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Option defaults and their schema, for ``@rule(options=..., options_schema=...)``."""
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    return merged, _schema(merged)


_DEFAULTS: dict[str, list[str]] = {**_TIMELINE, **_PLANS, **_EVENT_LABELS}


def _option(ctx: RuleContext, name: str) -> list[str]:
    return ctx.options.get(name, _DEFAULTS[name])  # type: ignore[no-any-return]


class _Shape(NamedTuple):
    """What shapes a date analysis the rules share, besides the document: the day order, the
    profile's sections (their kinds mark plans) and the rule's title and label lists."""

    day_first: bool | None
    sections: tuple[SectionSpec, ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]  # (option, its values)

    def option(self, name: str) -> tuple[str, ...]:
        return next(values for option, values in self.lists if option == name)


def _shape(ctx: RuleContext, *names: str) -> _Shape:
    return _Shape(_day_first(ctx), ctx.profile.sections, tuple((name, tuple(_option(ctx, name))) for name in names))


def _day_first(ctx: RuleContext) -> bool | None:
    """``day-order`` of this rule, else the one the profile sets for RL302."""
    order = ctx.options.get("day-order") or ctx.profile.options.get("RL302", {}).get("day-order", "")
    return {"dmy": True, "mdy": False}.get(order)


# ---------------------------------------------------------------- labels and sections

_LABEL_NOISE = re.compile(r"\([^()]*\)|\b(?:date|dates|time|times|datetime|timestamp|of|at|on|the|and|in|utc|when)\b|[/_:]")
_LABEL_WORDS = re.compile(r"[a-z]+")
_LABEL_TAIL = re.compile(r"\([^()]*\)|\bin\s+[\w+:-]+\s*$")  # [^()]: linear on runs of "("
_DATE_HEADS = frozenset({"date", "dates", "datetime", "timestamp", "when", "time"})
_DATE_OF = frozenset({"of", "and", "time", "reported", "discovered", "detected", "published", "observed", "opened", "closed"})
_EVENT_WORDS = frozenset(
    """detected discovered reported published disclosed occurred start started end ended began updated
    last-updated revised last-revised first-seen first-observed last-seen last-observed first-detected
    first-reported first-activity last-activity""".split()
)


@lru_cache(maxsize=1024)
def is_date_label(label: str) -> bool:
    """Whether a field label names a point in time: "Discovery Date", "Date/Time",
    "Date and Time in CET", "Detected", "First observed" (not "Time to detection")."""
    words = _LABEL_WORDS.findall(_LABEL_TAIL.sub(" ", label.casefold()))
    if not words:
        return False
    if words[-1] in _DATE_HEADS or "-".join(words) in _EVENT_WORDS:
        return True
    return words[0] == "date" and words[1] in _DATE_OF


# Compiled by lazy_regex: RL301 needs these only for a date field that states no date,
# the timeline rules the others only for reports with a timeline (or plan words, or a zone).
_DURATION = r"(?i)^[^\w.,]*(?:(?:~|about|approx\.?|approximately)\s*)?[\d.,]+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?)\b"
_BARE_NA = r"(?i)\s*(?:n/a|n\.a\.|not applicable)\s*[.]?\s*"
_NA_WITH_REASON = r"(?i)\s*(?:n/a|n\.a\.|not applicable)\b\s*[-–—:(,;]\s*\S"
_YES_NO = r"(?i)\s*(?:yes|no|true|false)\s*[.]?\s*"
_REFERENCE = r"(?i)\s*(?:see|same as|as per|per|refer to)\b"
_DATE_AHEAD = r"(?:the\s+)?(?:end\s+of\s+)?(?=[12]\d{3}-|\d{1,2}[/.]\d|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|Q[1-4]\b)"
_PLAN_WORDS = (
    r"(?i)\b(?:due(?!\s+to\b)|deadline|planned|plans? to|will(?: be)?|to be (?:done|completed|released|deployed|fixed|decided)"
    r"|target(?:ed)? date|eta|upcoming)\b"
    r"|\b(?:by|scheduled\s+(?:for|on))\s+" + _DATE_AHEAD
)
_DUE_HEADER = r"(?i)\b(?:due|deadline|target|eta|planned|expected|by)\b"
_TIME_HEADER = r"(?i)\b(?:date|time|timestamp|when)\b"
_ZONES = "|".join(sorted((name for name in ZONE_OFFSETS if name != "Z"), key=len, reverse=True))
_ZONE_NOTE = (
    r"(?i)\b(?:all\s+)?(?:times?|timestamps?|hours)\b[^.\n]{0,30}?\b(?:in|are|is|as)\s+\(?(?:" + _ZONES + r"|local time|[+-]\d{2}:?\d{2})\b"
)
_HEADER_ZONE = r"\b(?:" + _ZONES + r")\b"


@lru_cache(maxsize=1024)
def label_key(label: str) -> str:
    """A field label with its date/time words removed: "Date of Discovery" -> "discovery"."""
    return " ".join(_LABEL_NOISE.sub(" ", label.casefold().replace("-", " ")).split())


def _in_list(label: str, names: Iterable[str]) -> bool:
    key = label_key(label)
    return bool(key) and key in _label_keys(tuple(names))


@lru_cache(maxsize=64)
def _label_keys(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(label_key(name) for name in names)


def _matches_title(section: Section | None, names: Iterable[str], with_ancestors: bool = True) -> bool:
    wanted = [normalize_title(name) for name in names]
    while section is not None:
        title = normalize_title(section.title)
        if any(name in title for name in wanted):
            return True
        section = section.parent if with_ancestors else None
    return False


def _is_plan_section(section: Section | None, shape: _Shape, kinds: Mapping[str, str]) -> bool:
    """Whether ``section`` is a plan, by its titles or a profile section ``kinds`` calls an action."""
    if _matches_title(section, shape.option("plan-sections")):
        return True
    while section is not None:
        if kinds.get(normalize_title(section.title)) == "action":
            return True
        section = section.parent
    return False


def _is_quoted(doc: Document, run: TextRun, start: int = 0, end: int | None = None) -> bool:
    """Blockquotes and embedded source material are quotations, not the report's own dates
    (``run.text[start:end]`` is the part that matters)."""
    if run.quoted:
        return True
    return bool(doc.source_material) and doc.in_source_material(run.span(start, end).start)


@analysis
def own_runs(analyses: Analyses) -> list[TextRun]:
    """The runs of the report's own text (no footnotes, no quotations)."""
    doc = analyses.doc
    return [run for run in doc.runs if run.kind != "footnote" and not _is_quoted(doc, run)]


def _own_fields(doc: Document) -> Iterator[Field]:
    for found in doc.fields:
        if found.source == "front-matter" or not _is_quoted(doc, found.run):
            yield found


# ---------------------------------------------------------------- report date and year

def _front_matter_date(doc: Document) -> Field | None:
    return next((f for f in doc.fields if f.source == "front-matter" and f.name.casefold() == "date"), None)


@analysis
def report_date(analyses: Analyses, labels: tuple[str, ...]) -> tuple[DateMatch, Field] | None:
    """The front-matter ``date``, else the latest date of the fields ``labels`` names
    (Report Date/Published/Updated/Revised)."""
    doc = analyses.doc
    front = _front_matter_date(doc)
    if front is not None:
        found = _explicit(find_dates(front.value))
        if found:
            return found[0], front
    best: tuple[DateMatch, Field] | None = None
    for found in _own_fields(doc):
        if found.source == "front-matter" or not _in_list(found.name, labels):
            continue
        for match in _explicit(find_dates(found.value)):
            if best is None or precedes(best[0], match):
                best = (match, found)
    return best


def _explicit(matches: Iterable[DateMatch]) -> list[DateMatch]:
    return [m for m in matches if m.value is not None and m.value.has_date and not m.value.year_inferred and not m.ambiguous]


@analysis
def reference_year(analyses: Analyses) -> int | None:
    """The year given to "May 14" and "31st March": the report date's, else the first full date's."""
    found = analyses.get(report_date, tuple(_REPORT_LABELS["report-date-labels"]))
    if found is not None and found[0].value is not None:
        return found[0].value.year
    for run in analyses.get(own_runs):
        for match in _explicit(find_dates(run.prose)):
            if match.value is not None and match.value.precision >= Precision.MONTH:
                return match.value.year
    return None


# ---------------------------------------------------------------- timelines

@dataclass(frozen=True)
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
            if value.precision >= Precision.DAY:
                self.day, self.last = value, (value if value.has_time else None)
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


@dataclass
class _Timeline:
    entries: list[Entry]
    zone_note: bool
    clock: _Clock


def timelines(ctx: RuleContext) -> list[_Timeline]:
    """The timelines of a report, each with its entries in document order: each table of a
    timeline section, the dated list items of each timeline section, and the Date/Time
    fields of a timeline section and its subsections."""
    return ctx.analysis(_timelines, _shape(ctx, "timeline-sections", "plan-sections"))


@analysis
def _timelines(analyses: Analyses, shape: _Shape) -> list[_Timeline]:
    doc = analyses.doc
    names = shape.option("timeline-sections")
    if not any(_matches_title(section, names, with_ancestors=False) for section in doc.sections):
        return []
    year = analyses.get(reference_year)
    day_first = shape.day_first
    cells = {id(cell): (table, row) for table in doc.tables for row in table.rows for cell in row.cells}
    columns: dict[int, int | None] = {}  # the date column of each timeline table, found on first use
    date_fields = {id(f.run): f for f in doc.fields if f.source == "inline" and is_date_label(f.name) and not label_key(f.name)}
    found: dict[int, _Timeline] = {}
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

    def timeline(key: int, section: Section | None, header_zone: bool = False) -> _Timeline:
        if key not in found:
            covered = header_zone or zone_note(None) or any(zone_note(s) for s in _ancestry(section))
            found[key] = _Timeline([], covered, _Clock(_heading_day(section, year) or last_day()))
        return found[key]

    kinds = kinds_by_title(shape.sections)
    timeline_sections = {id(s) for s in doc.sections if _matches_title(s, names) and not _is_plan_section(s, shape, kinds)}
    for run in analyses.get(own_runs):
        in_timeline = id(run.section) in timeline_sections
        target: tuple[_Timeline, DateMatch, int] | None = None
        if in_timeline and id(run) in cells:
            table, row = cells[id(run)]
            if id(table) not in columns:
                columns[id(table)] = _date_column(table, year, day_first)
            column = columns[id(table)]
            if column is None or row.cells.index(run) != column:
                continue  # dates inside an event's text are mentions, not its time
            header_zone = table.header is not None and bool(lazy_regex(_HEADER_ZONE).search(table.header.cells[column].text))
            if not _is_plan(" ".join(c.prose for c in row.cells)):
                match = leading_date(run.prose, year=year, day_first=day_first)
                if match is not None:
                    target = (timeline(id(table), run.section, header_zone), match, 0)
        elif in_timeline and id(run) in date_fields:
            field_ = date_fields[id(run)]
            match = leading_date(field_.value, year=year, day_first=day_first)
            if match is not None:
                target = (timeline(id(_timeline_root(run.section, names)), run.section), match, field_.value_start)
        elif in_timeline and run.kind == "list_item" and not _is_plan(run.prose):
            match = leading_date(run.prose, year=year, day_first=day_first)
            if match is not None:
                target = (timeline(id(run.section), run.section), match, 0)
        if target is not None and target[1].value is not None and not target[1].ambiguous:
            line, match, offset = target
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
        if _matches_title(section, names, with_ancestors=False):
            root = section
        section = section.parent
    return root


def _date_column(table: Any, year: int | None, day_first: bool | None) -> int | None:
    """The column whose cells date the rows: a "Time"/"Date" header, not a "Due" one."""
    if table.header is None:
        return None
    for index, cell in enumerate(table.header.cells):
        title = cell.text.strip()
        if lazy_regex(_TIME_HEADER).search(title) and not lazy_regex(_DUE_HEADER).search(title):
            dated = sum(1 for row in table.rows if index < len(row.cells) and leading_date(row.cells[index].prose, year=year, day_first=day_first))
            return index if dated * 2 >= len(table.rows) else None
    return None


# ---------------------------------------------------------------- event fields

_PLAN_HINTS = ("due", "deadline", "plan", "will", "to be ", "target", "eta", "upcoming", "by", "scheduled")  # one is in every match


def _is_plan(text: str) -> bool:
    return might_contain(text, _PLAN_HINTS) and bool(lazy_regex(_PLAN_WORDS).search(text))


def _event_fields(ctx: RuleContext) -> list[tuple[str, Field, DateMatch]]:
    """(phase, field, first date) for fields labelled as an incident phase, outside plans."""
    return ctx.analysis(_find_event_fields, _shape(ctx, "plan-sections", *(f"{phase}-labels" for phase in _PHASES)))


@analysis
def _find_event_fields(analyses: Analyses, shape: _Shape) -> list[tuple[str, Field, DateMatch]]:
    doc = analyses.doc
    kinds = kinds_by_title(shape.sections)
    plans = {id(s) for s in doc.sections if _is_plan_section(s, shape, kinds)}
    labels = [(phase, _label_keys(shape.option(f"{phase}-labels"))) for phase in _PHASES]
    year = analyses.get(reference_year)
    day_first = shape.day_first
    found_fields: list[tuple[str, Field, DateMatch]] = []
    for found in _own_fields(doc):
        if found.source == "front-matter" or id(found.section) in plans:
            continue
        key = label_key(found.name)
        phase = next((p for p, keys in labels if key in keys), None) if key else None
        if phase is None or _is_plan(found.value):
            continue
        match = leading_date(found.value, year=year, day_first=day_first)  # not "restored from the 2024-05-01 backup"
        if match is not None and match.value is not None and match.value.has_date and not match.ambiguous:
            found_fields.append((phase, found, match))
    return found_fields


def _zone_margin(first: DateMatch | When, second: DateMatch | When) -> timedelta:
    """14 hours when a clock time is compared with a date or time whose zone is unknown:
    "2018-07-06 00:38" may still be the 5th where the report was dated."""
    clock = any(_clock_of(item) for item in (first, second))
    return timedelta(0) if not clock or (first.zoned and second.zoned) else timedelta(hours=14)


def _clock_of(item: DateMatch | When) -> bool:
    value = item.value if isinstance(item, DateMatch) else item
    return value is not None and value.has_time


def _value_span(found: Field, match: DateMatch) -> Span:
    return found.value_span_of(match.start, match.end)


def _events(doc: Document, ctx: RuleContext) -> Iterator[tuple[DateMatch | When, Span, str]]:
    """Explicitly dated events: timeline entries and incident-phase fields (value, span, text)."""
    for timeline in timelines(ctx):
        for entry in timeline.entries:
            if entry.explicit:
                yield entry.value, entry.span, entry.match.text
    for _, found, match in _event_fields(ctx):
        if match.value is not None and not match.value.year_inferred:
            yield match, _value_span(found, match), match.text


# ---------------------------------------------------------------- RL301

@rule(
    code="RL301", name="date-field-without-date", summary="A date field must state a date", severity=Severity.WARNING, tags=("dates",),
    options={"labels": [], "bare-na": False}, options_schema=_schema({"labels": [], "bare-na": False}),
)
def date_field_without_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags fields whose label names a date or time (Date, Time, Date/Time, Discovery Date,
    Incident Date, Detected, Reported, Published, Start, End, First observed, Last seen,
    ...) but whose value states none: "Not explicitly stated", "Unknown", "Concurrent
    period of investigation", "recently". A value that states a date with extra words
    ("2024-05-11 (first malicious logon)") is fine, and so are durations ("Time to
    detection: 5 minutes") and "N/A" with a reason.

    ## Why is this bad?
    "Not explicitly stated" in a date field hides a gap in the timeline that a reader
    cannot see from the structure alone.

    ## Example
    ```markdown
    - **Discovery Date:** Not explicitly stated
    ```
    Use instead:
    ```markdown
    - **Discovery Date:** 2024-05-11 (first alert in the SIEM)
    ```

    ## Options
    - `labels`: extra field labels that name a date (matched ignoring case).
    - `bare-na`: also report a value that is only "N/A" (RL201 reports it by default).
    """
    extra = {label.casefold() for label in ctx.options["labels"]}
    for found in _own_fields(doc):
        value = found.value.strip()
        if not value or not (is_date_label(found.name) or found.name.casefold() in extra):
            continue
        if find_dates(found.value):
            continue  # tested first: most date fields state a date, and need none of the shapes below
        if lazy_regex(_NA_WITH_REASON).match(value) or lazy_regex(_YES_NO).fullmatch(value) or lazy_regex(_REFERENCE).match(value) or lazy_regex(_DURATION).match(value):
            continue
        if lazy_regex(_BARE_NA).fullmatch(value) and not ctx.options["bare-na"]:
            continue
        quoted = value if len(value) <= 40 else value[:37].rstrip() + "..."
        yield ctx.finding(found.value_span, f'"{found.name}" states no date ("{quoted}")')


# ---------------------------------------------------------------- RL302

_RL302_OPTIONS, _RL302_SCHEMA = _options(_DAY_ORDER)


@rule(code="RL302", name="ambiguous-date-format", summary="Numeric dates such as 03/04/2025 must say which part is the day", severity=Severity.WARNING, tags=("dates",), options=_RL302_OPTIONS, options_schema=_RL302_SCHEMA)
def ambiguous_date_format(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags numeric dates whose day and month could be swapped (`03/04/2025`: 4 March or
    3 April?) and suggests the ISO 8601 forms.

    ## Why is this bad?
    Half the world reads 03/04 as the 3rd of April, the other half as the 4th of March.
    A timeline built on the wrong reading is wrong by a month.

    ## Example
    ```markdown
    The first malicious logon was on 03/04/2025.
    ```
    Use instead:
    ```markdown
    The first malicious logon was on 2025-04-03.
    ```

    ## Options
    - `day-order`: `"dmy"` or `"mdy"` when the team always writes one order; numeric dates
      are then read that way and never reported. Set in the profile for RL302, it also
      applies to the other date rules.
    """
    if _day_first(ctx) is not None:
        return
    for run, match in ctx.analysis(_own_matches, None):
        if match.readings is not None:
            first, second = (r.iso() for r in match.readings)
            yield ctx.finding(run.span(match.start, match.end), f'ambiguous date "{match.text}": write {first} or {second}')


@analysis
def _own_matches(analyses: Analyses, day_first: bool | None) -> list[tuple[TextRun, DateMatch]]:
    """Every date in the report's own text and front matter (quotations excluded)."""
    return list(_find_own_matches(analyses, day_first))


def _find_own_matches(analyses: Analyses, day_first: bool | None) -> Iterator[tuple[TextRun, DateMatch]]:
    doc = analyses.doc
    for run in analyses.get(own_runs):
        for match in find_dates(run.prose, day_first=day_first):
            if not _is_quoted(doc, run, match.start, match.end):
                yield run, match
    for found in doc.fields:
        if found.source == "front-matter":
            for match in find_dates(found.value, day_first=day_first):
                yield found.run, match


# ---------------------------------------------------------------- RL306

_RL306_OPTIONS, _RL306_SCHEMA = _options(_DAY_ORDER)


@rule(code="RL306", name="impossible-date", summary="A date or time that does not exist (2024-02-30, 25:00)", severity=Severity.ERROR, tags=("dates",), options=_RL306_OPTIONS, options_schema=_RL306_SCHEMA)
def impossible_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags dates and times that cannot exist: a 30th of February, a 13th month, 25:00,
    14:60, or a weekday that does not match its date ("Monday, 2024-05-14").

    ## Why is this bad?
    An impossible date is a typo that hides the real one. Every later comparison built on
    it (durations, ordering, time to detect) is wrong too.

    ## Example
    ```markdown
    | 2024-02-30 14:02 | First alert |
    ```
    Use instead:
    ```markdown
    | 2024-02-29 14:02 | First alert |
    ```

    ## Options
    - `day-order`: `"dmy"` or `"mdy"`, how numeric dates such as 31/04/2025 are read.
    """
    for run, match in ctx.analysis(_own_matches, _day_first(ctx)):
        if match.problem is None:
            continue
        if match.value is None and not _dated_shape(match.text):
            continue  # "25:00" alone may be a duration; only a clock time with a date or zone counts
        yield ctx.finding(run.span(match.start, match.end), f'impossible date "{match.text}": {match.problem}')


def _dated_shape(text: str) -> bool:
    return bool(re.search(r"\d[-/.]\d|[A-Za-z]{3}", text))


# ---------------------------------------------------------------- RL304

_RL304_OPTIONS, _RL304_SCHEMA = _options(_DAY_ORDER, _TIMELINE, _PLANS)


@rule(code="RL304", name="timeline-not-chronological", summary="Timeline entries must be in chronological order", severity=Severity.WARNING, tags=("dates",), options=_RL304_OPTIONS, options_schema=_RL304_SCHEMA)
def timeline_not_chronological(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    In a section titled like "Timeline", reads the dated rows of each table, the dated
    items of its lists and the `Date/Time` fields of its subsections, and flags the first
    entry that is earlier than the one before it. Partial dates are ranges ("May 2024"
    is not before "2024-05-14"); a time without a date takes the last stated date and
    may cross midnight (a time more than 6 hours earlier than the previous one is taken
    to be on the next day).

    ## Why is this bad?
    An entry out of order is either a typo in its date or an event filed in the wrong
    place. Readers take the order of a timeline as the order of events.

    ## Example
    ```markdown
    | Time             | Event              |
    | ---------------- | ------------------ |
    | 2024-05-14 10:00 | Alert fired        |
    | 2024-05-14 09:30 | Host isolated      |
    ```
    Use instead: fix the date, or move the row where it belongs.

    ## Options
    - `timeline-sections`: words that mark a timeline section title.
    - `plan-sections`: section titles whose dates are plans, never events.
    - `day-order`: `"dmy"` or `"mdy"`, how numeric dates are read.
    """
    for timeline in timelines(ctx):
        previous: Entry | None = None
        for entry in timeline.entries:
            if previous is not None and precedes(entry.value, previous.value):
                yield ctx.finding(entry.span, f'timeline entry "{entry.match.text}" is earlier than the entry before it ("{previous.match.text}")')
            previous = entry


# ---------------------------------------------------------------- RL307

_RL307_OPTIONS, _RL307_SCHEMA = _options(_DAY_ORDER, _EVENT_LABELS, _PLANS)


@rule(code="RL307", name="incident-phases-out-of-order", summary="Incident, discovery, containment and resolution dates must be in that order", severity=Severity.WARNING, tags=("dates",), options=_RL307_OPTIONS, options_schema=_RL307_SCHEMA)
def incident_phases_out_of_order(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Compares the dates of the fields that name the incident (or first compromise), its
    discovery, its containment and its resolution, and flags a phase dated after a later
    one: the incident after its discovery, the discovery after the containment or
    resolution. The finding sits on the date expected first.

    ## Why is this bad?
    An incident cannot be discovered before it happened. One of the two dates is wrong,
    and every duration computed from them (dwell time, time to contain) is wrong too.

    ## Example
    ```markdown
    - **Incident Date:** 2024-05-14
    - **Discovery Date:** 2024-05-11
    ```
    Use instead:
    ```markdown
    - **Incident Date:** 2024-05-09 (first malicious logon)
    - **Discovery Date:** 2024-05-11
    ```

    ## Options
    - `incident-labels`, `discovery-labels`, `containment-labels`, `resolution-labels`:
      the field labels of each phase, compared without their date words ("Discovery
      Date", "Date of discovery" and "Discovery time" all match "discovery").
    - `plan-sections`: section titles whose dates are plans, never events.
    - `day-order`: `"dmy"` or `"mdy"`, how numeric dates are read.
    """
    first_of: dict[str, tuple[Field, DateMatch]] = {}
    for phase, found, match in _event_fields(ctx):
        first_of.setdefault(phase, (found, match))
    for index, phase in enumerate(_PHASES):
        if phase not in first_of:
            continue
        found, match = first_of[phase]
        for later in _PHASES[index + 1:]:
            if later in first_of and precedes(first_of[later][1], match):
                other, other_match = first_of[later]
                yield ctx.finding(_value_span(found, match), f'"{found.name}" ({match.text}) is after "{other.name}" ({other_match.text})')
                break


# ---------------------------------------------------------------- RL305

_RL305_OPTIONS, _RL305_SCHEMA = _options(_DAY_ORDER, _TIMELINE, _PLANS, _EVENT_LABELS, _REPORT_LABELS)


@rule(code="RL305", name="date-after-report-date", summary="An event cannot be dated after the report that describes it", severity=Severity.WARNING, tags=("dates",), options=_RL305_OPTIONS, options_schema=_RL305_SCHEMA)
def date_after_report_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags timeline entries and incident-phase dates that fall after the report date. The
    report date is the front-matter `date`, else the latest of the Report Date,
    Published, Updated and Revised fields. Plans and due dates are not events; dates
    whose year or day was inferred are not checked.

    ## Why is this bad?
    A report cannot describe what had not happened when it was written: either the event
    date or the report date is wrong, or the report was updated without saying so.

    ## Example
    ```markdown
    ---
    date: 2024-05-20
    ---
    | 2024-06-02 09:00 | Service restored |
    ```
    Use instead: correct the date, or add an `Updated: 2024-06-03` field.

    ## Options
    - `report-date-labels`: field labels that give the report date.
    - `incident-labels`, `discovery-labels`, `containment-labels`, `resolution-labels`:
      event fields checked besides timeline entries.
    - `timeline-sections`, `plan-sections`, `day-order`: as for RL304.
    """
    found = ctx.analysis(report_date, tuple(ctx.options["report-date-labels"]))
    if found is None:
        return
    reported = found[0]
    for value, span, text in _events(doc, ctx):
        if precedes(reported, value, _zone_margin(reported, value)):
            yield ctx.finding(span, f'event date "{text}" is after the report date ({reported.text})')


# ---------------------------------------------------------------- RL308

_RL308_OPTIONS, _RL308_SCHEMA = _options(_DAY_ORDER, _TIMELINE, _PLANS, _EVENT_LABELS, _TODAY)


@rule(code="RL308", name="date-in-future", summary="An event cannot be dated in the future", severity=Severity.WARNING, tags=("dates",), options=_RL308_OPTIONS, options_schema=_RL308_SCHEMA)
def date_in_future(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags timeline entries and incident-phase dates later than today. Plans and due
    dates are not events; dates whose year or day was inferred are not checked.

    ## Why is this bad?
    Something that has not happened yet cannot be in a timeline of what happened. The
    year is usually mistyped (2052 for 2025), or a plan was written as a fact.

    ## Example
    ```markdown
    - **Incident Date:** 2052-05-11
    ```
    Use instead:
    ```markdown
    - **Incident Date:** 2025-05-11
    ```

    ## Options
    - `today`: the date to compare with, as `YYYY-MM-DD` (default: the real date), so
      that checks of old reports and tests are reproducible.
    - `incident-labels`, `discovery-labels`, `containment-labels`, `resolution-labels`,
      `timeline-sections`, `plan-sections`, `day-order`: as for RL305 and RL304.
    """
    today = date.fromisoformat(ctx.options["today"]) if ctx.options["today"] else date.today()
    now = When(Precision.DAY, today.year, today.month, today.day)
    for value, span, text in _events(doc, ctx):
        if precedes(now, value, _zone_margin(now, value)):
            yield ctx.finding(span, f'event date "{text}" is in the future (today is {today.isoformat()})')


# ---------------------------------------------------------------- RL303

_RL303_OPTIONS, _RL303_SCHEMA = _options(_DAY_ORDER, _TIMELINE, _PLANS)


@rule(code="RL303", name="time-without-timezone", summary="Timeline times need a time zone or an 'All times in UTC' note", severity=Severity.INFO, tags=("dates",), options=_RL303_OPTIONS, options_schema=_RL303_SCHEMA)
def time_without_timezone(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports the first time of day without a time zone in each timeline that no note such
    as "All times in UTC" (or a "Time (UTC)" column header) covers.

    ## Why is this bad?
    Incidents cross time zones: the responder's laptop, the server logs and the vendor's
    status page rarely agree. "14:02" alone can be off by hours.

    ## Example
    ```markdown
    ## Timeline
    - 2024-05-14 14:02: alert fired
    ```
    Use instead:
    ```markdown
    ## Timeline
    All times in UTC.
    - 2024-05-14 14:02: alert fired
    ```

    ## Options
    - `timeline-sections`, `plan-sections`, `day-order`: as for RL304.
    """
    for timeline in timelines(ctx):
        if timeline.zone_note:
            continue
        entry = next((e for e in timeline.entries if e.value.has_time and e.match.value is not None and not e.match.value.tz), None)
        if entry is not None:
            yield ctx.finding(entry.span, f'time "{entry.match.text}" has no time zone and no note such as "All times in UTC" covers the timeline')


# ---------------------------------------------------------------- RL309

@rule(code="RL309", name="relative-date", summary="Relative dates ('yesterday', 'last week') lose their meaning once the report is filed", severity=Severity.WARNING, tags=("dates",))
def relative_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags words that date an event relative to when the report was written: "yesterday",
    "last week", "recently", "three days ago", "earlier this month". A sentence that also
    states a full date is not reported.

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
    sentences = [s for s in doc.sentences if not (s.quoted or _is_quoted(doc, s.run) or s.block == "footnote")]
    if not may_have_relative(s.prose for s in sentences):
        return
    date_values: dict[int, list[int]] = {}
    for found in doc.fields:
        if is_date_label(found.name):
            date_values.setdefault(id(found.run), []).append(found.value_start)
    for sentence in sentences:
        spans = find_relative(sentence.prose)
        if not spans or _explicit(m for m in find_dates(sentence.prose) if m.precision is not None and m.precision >= Precision.DAY):
            continue
        if any(sentence.start <= start <= sentence.start + len(sentence.text) for start in date_values.get(id(sentence.run), ())):
            continue  # the value of a date field: RL301 reports it
        for start, end in spans:
            yield ctx.finding(sentence.span_of(start, end), f'relative date "{sentence.text[start:end]}": state the date it means')


# ---------------------------------------------------------------- RL310

_RL310_OPTIONS, _RL310_SCHEMA = _options(_REPORT_LABELS)


@rule(code="RL310", name="missing-report-date", summary="A report should state when it was written", severity=Severity.INFO, tags=("dates",), options=_RL310_OPTIONS, options_schema=_RL310_SCHEMA, default_enabled=False)
def missing_report_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a document with no front-matter `date` and no Report Date, Published, Updated
    or Revised field stating a date. Off by default (many notes have no report date);
    profiles for formal reports turn it on with `enable = ["RL310"]`.

    ## Why is this bad?
    Without a report date, nobody can tell whether the report predates a fix, and the
    date rules cannot check that events come before the report.

    ## Example
    ```markdown
    # VPN outage
    ```
    Use instead:
    ```markdown
    # VPN outage
    **Report Date:** 2024-05-20
    ```

    ## Options
    - `report-date-labels`: field labels that give the report date.
    """
    if doc.text.strip() and ctx.analysis(report_date, tuple(ctx.options["report-date-labels"])) is None:
        yield ctx.finding(doc.top_span(), "report states no report date (front-matter date, or a Report Date, Published or Updated field)")


RULES = (
    date_field_without_date, ambiguous_date_format, time_without_timezone, timeline_not_chronological,
    date_after_report_date, impossible_date, incident_phases_out_of_order, date_in_future, relative_date,
    missing_report_date,
)
