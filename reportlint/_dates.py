"""Dates and times as reports write them: found in a string, with offsets, precision and zone.

``find_dates(text)`` returns every date, date-time, time or range in ``text`` as a
:class:`DateMatch` (offsets into ``text``). Values keep their precision (a year, a
quarter, a month, a day, a minute or a second) and are compared as intervals, so
"May 2024" neither precedes nor follows "2024-05-14". Times with a known zone are
normalised to UTC; ``precedes`` allows a day of slack when only one side has a zone.

Not dates: version numbers (``4.1.12``), IP addresses, identifiers such as
``CVE-2024-1234``, numbers followed by a unit, and four-digit numbers outside 1900-2099.
Pure functions, regexes compiled once; no third-party parser.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import IntEnum
from functools import cache, lru_cache

__all__ = [
    "CalendarDate", "DateMatch", "MONTH_WORDS", "Precision", "When", "ZONE_OFFSETS", "agrees", "find_dates", "find_relative",
    "leading_date", "lazy_regex", "may_have_relative", "might_contain", "parse_date", "precedes",
]


class Precision(IntEnum):
    """How much of a point in time a value states."""

    YEAR = 1
    QUARTER = 2
    MONTH = 3
    DAY = 4
    MINUTE = 5
    SECOND = 6


# Offsets in minutes east of UTC. Names that mean several zones (IST, CST) are known
# to be zones but have no offset.
ZONE_OFFSETS: dict[str, int | None] = {
    "Z": 0, "UTC": 0, "GMT": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120,
    "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240,
    "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480,
    "HST": -600, "JST": 540, "KST": 540, "SGT": 480, "HKT": 480, "AEST": 600, "AEDT": 660,
    "ACST": 570, "AWST": 480, "NZST": 720, "NZDT": 780, "IST": None, "CST": None,
    # US zones that do not say whether daylight time applies
    "ET": None, "CT": None, "MT": None, "PT": None,
}
# US zones spelled out after a time ("7:09 AM Eastern", "Pacific Standard Time"): no offset
# (the daylight part is often wrong), but a zone. Lower-case "central" or "eastern" is not one.
US_ZONE_WORDS = r"(?:Eastern|Central|Mountain|Pacific)(?:\s(?:Standard|Daylight))?(?:\s[Tt]ime)?"

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
# For messages and day counts (not the calendar module: importing it costs about 1 ms).
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Every word that names a month, lower case: "january", "jan", "sept".
MONTH_WORDS: Mapping[str, int] = {**{name.lower(): number for number, name in enumerate(_MONTH_NAMES) if name}, **_MONTHS, "sept": 9}
# A calendar date as written: (year, None when not written; month; day, None for a whole month).
CalendarDate = tuple[int | None, int, int | None]

# Month names start with a capital: "may" and "march" are also ordinary words.
_MONTH = (
    r"(?P<mon>(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b(?:(?<=\b\w{3})\.|(?<=Sept)\.)?"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\b)"
)
_ORD = r"(?:st|nd|rd|th)?"
_ZONE_NAMES = "|".join(sorted((k for k in ZONE_OFFSETS if k != "Z"), key=len, reverse=True))
# a time: 14:02, 14:02:09.123, 2:30 pm; then an optional zone
_TIME = (
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?(?!\d)"
    r"(?:\s?(?P<ampm>[AaPp]\.?[Mm]\b\.?))?"
    r"(?:(?P<off>Z\b|[+-]\d{2}:?\d{2}\b)"
    r"|\s?\(?(?P<zone>" + _ZONE_NAMES + r"|" + US_ZONE_WORDS + r")\b(?P<zoff>\s?[+-]\d{1,2}(?::?\d{2})?)?\)?)?"
)
# After a bare time: no digit, word or colon follows ("14:02:09" is one time, "14:02abc" none),
# except right after a zone or am/pm, where a colon ends the entry's time ("21:17 UTC: ...").
_TIME_END = r"(?:(?<=[A-Za-z)])(?![\w])|(?![\w:]|[.]\d))"
_TIME_SEP = r"(?:[Tt]|,?\s+(?:at\s+)?|\s+[-–—]\s+)"
# (Two lookbehinds: "€" in the class would make re build a 64k-entry map to compile it.)
_NOT_BEFORE = r"(?<![\w./:@#$£-])(?<!€)"

# Each form with what its text must contain (see ``_hints``): a form whose hint is absent
# cannot match, so its regex is neither run nor, until a text has the hint, compiled.
_FORMS: tuple[tuple[str, str, str], ...] = (
    ("iso", "dash", _NOT_BEFORE + r"(?P<y>[12]\d{3})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![A-SU-Za-su-z0-9_-]|[.:]\d)(?:" + _TIME_SEP + _TIME + r")?"),
    ("ymd", "slash", _NOT_BEFORE + r"(?P<y>[12]\d{3})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/]|[.:]\d)(?:" + _TIME_SEP + _TIME + r")?"),
    ("numeric", "numeric", _NOT_BEFORE + r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>[12]\d{3}|\d{2})(?![\w/-]|[.:]\d)(?:" + _TIME_SEP + _TIME + r")?"),
    ("dmy", "month", r"(?<![\w.:/-])(?P<d>\d{1,2})" + _ORD + r"(?:\s+of)?[\s-]+" + _MONTH + r"(?:,?[\s-]+(?P<y>[12]\d{3})(?!\w|[.:]\d))?(?:" + _TIME_SEP + _TIME + r")?"),
    ("mdy", "month", r"(?<![\w])" + _MONTH + r"\s+(?P<d>\d{1,2})" + _ORD + r"(?![\w:]|\.\d)(?:,?\s+(?P<y>[12]\d{3})(?!\w|[.:]\d))?(?:" + _TIME_SEP + _TIME + r")?"),
    ("my", "month", r"(?<![\w])" + _MONTH + r",?\s+(?P<y>[12]\d{3})(?!\w|[.:]\d)"),
    ("ym", "dash_or_slash", _NOT_BEFORE + r"(?:(?P<y>[12]\d{3})-(?P<m>\d{2})|(?P<m2>\d{1,2})/(?P<y2>[12]\d{3}))(?![\w/-]|[.:]\d)"),
    ("quarter", "quarter", r"(?<![\w])(?:Q(?P<q>[1-4])\s*['’/-]?\s*(?P<y>[12]\d{3})|(?P<y2>[12]\d{3})[-\s]?Q(?P<q2>[1-4]))\b"),
    ("year", "year", _NOT_BEFORE + r"(?P<y>(?:19|20)\d{2})(?![\w%/:@]|[.,]\d|\s?(?:[kKMGT]i?B|ms|px|USD|EUR|GBP|bytes?|ms|MHz|rpm)\b)"),
    ("time", "colon", r"(?<![\w:.@/])" + _TIME + _TIME_END),
    ("ampm", "ampm", r"(?<![\w:.])(?P<h>\d{1,2})\s?(?P<ampm>[AaPp]\.?[Mm]\b\.?)(?:\s?\(?(?P<zone>" + _ZONE_NAMES + r")\b\)?)?"),
)
_YEAR_RANGE = _NOT_BEFORE + r"(?P<y>(?:19|20)\d{2})\s*[-–]\s*(?P<y2>(?:19|20)\d{2})(?![\w.-]|[.,]\d)"  # compiled by lazy_regex
_DIGIT = re.compile(r"\d")
_SEPARATED = re.compile(r"\d([-/.])(?=\d)")
_MONTH_HINT = re.compile("|".join(name.capitalize() for name in _MONTHS) + "|" + "|".join(name.upper() for name in _MONTHS))
_AMPM_HINT = re.compile(r"\d\s?[AaPp]\.?[Mm]")
_LONG_YEAR = _NOT_BEFORE + r"(?P<y>(?:19|20)\d{3,})-\d{2}-\d{2}(?![\w-])"  # compiled by lazy_regex
# "11/03/202": a numeric date whose year lost a digit (slashes only: "4.19.142" is a version)
_SHORT_YEAR = _NOT_BEFORE + r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>19\d|20\d)(?![\w/]|[.:]\d)"  # compiled by lazy_regex
_WEEKDAY_BEFORE = re.compile(r"(?<![\w])(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+(?:the\s+)?$")
_RANGE_SEP = re.compile(r"\s*(?:[-–—]|to|until|till|through|thru|and)\s*")
_RANGE_OPEN = r"(?i)(?:\bbetween|\bfrom)\s+$"  # compiled by lazy_regex
_JOIN_TIME_FIRST = r",\s*|\s+on\s+(?:the\s+)?|\s+|\s*(?P<paren>\()"  # compiled by lazy_regex: only after a time
# Hints (see ``_hints``) that are the start of every match of a form: texts with ISO dates
# pass the cheap tests of "numeric" and "day range", and these forms are long to compile.
_NUMERIC_HINT = _NOT_BEFORE + r"\d{1,2}([/.-])\d{1,2}\1"  # compiled by lazy_regex
_DAY_RANGE_HINT = (  # a month's last letter or dot, then "11-13", or "11-13" then a month's capital
    r"[A-Za-z.]\s+\d{1,2}" + _ORD + r"\s*[-–]\s*\d|\d" + _ORD + r"\s*[-–]\s*\d{1,2}" + _ORD + r"\s+[A-Z]"
)
_DAY_RANGE = (  # compiled by lazy_regex, like _FORMS
    r"(?<![\w])(?:" + _MONTH + r"\s+(?P<d1>\d{1,2})" + _ORD + r"\s*[-–]\s*(?P<d2>\d{1,2})" + _ORD
    + r"|(?P<e1>\d{1,2})" + _ORD + r"\s*[-–]\s*(?P<e2>\d{1,2})" + _ORD + r"\s+" + _MONTH.replace("?P<mon>", "?P<mon2>")
    + r")(?:,?\s+(?P<y>[12]\d{3}))?(?![\w:])"
)


@dataclass(frozen=True, slots=True)
class When:
    """One point in time as written: the fields the text gives, and how precise it is.

    ``year`` is None for a time of day alone or a month and day whose year is unknown.
    ``offset`` (minutes east of UTC) is None when no zone was written or the zone name
    is ambiguous; ``tz`` is the zone as written.
    """

    precision: Precision
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz: str | None = None
    offset: int | None = None
    year_inferred: bool = False

    @property
    def has_date(self) -> bool:
        return self.year is not None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    @property
    def zoned(self) -> bool:
        return self.offset is not None

    def on(self, day: When) -> When:
        """This time of day on the date of ``day`` (its zone too, when this has none)."""
        tz, offset = (self.tz, self.offset) if self.tz else (day.tz, day.offset)
        return replace(self, year=day.year, month=day.month, day=day.day, year_inferred=day.year_inferred, tz=tz, offset=offset)

    def bounds(self, utc: bool = True) -> tuple[datetime, datetime] | None:
        """The interval ``[earliest, latest)`` this value covers, in UTC when ``utc`` and
        the zone is known, else in the clock time as written."""
        if self.year is None or (self.precision >= Precision.DAY and (self.month is None or self.day is None)):
            return None
        year = self.year
        if self.precision == Precision.YEAR:
            return datetime(year, 1, 1), datetime(year + 1, 1, 1)
        if self.precision == Precision.QUARTER:
            first = 3 * (self.quarter or 1) - 2
            return datetime(year, first, 1), _month_after(year, first + 2)
        if self.precision == Precision.MONTH:
            return datetime(year, self.month or 1, 1), _month_after(year, self.month or 1)
        start = datetime(year, self.month or 1, self.day or 1)
        if self.precision == Precision.DAY:
            return start, start + timedelta(days=1)
        start += timedelta(hours=self.hour or 0, minutes=self.minute or 0, seconds=self.second or 0)
        if utc and self.offset is not None:
            start -= timedelta(minutes=self.offset)
        return start, start + (timedelta(minutes=1) if self.precision == Precision.MINUTE else timedelta(seconds=1))

    def iso(self) -> str:
        """The value in ISO 8601 form, as precise as it was written."""
        if self.year is None:
            text = ""
        elif self.precision == Precision.YEAR:
            return f"{self.year:04d}"
        elif self.precision == Precision.QUARTER:
            return f"{self.year:04d}-Q{self.quarter}"
        elif self.precision == Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        else:
            text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.has_time:
            clock = f"{self.hour:02d}:{self.minute:02d}" + (f":{self.second:02d}" if self.precision == Precision.SECOND else "")
            text = f"{text}T{clock}" if text else clock
            if self.tz:
                text += "Z" if self.offset == 0 else (_offset_text(self.offset) if self.offset is not None else f" {self.tz}")
        return text


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date, time or range found at ``text[start:end]``.

    ``value`` is None when the text has the shape of a date but names none that exists
    (``problem`` says why: "2024-02-30", "25:00"). ``readings`` holds both readings of
    an ambiguous numeric date such as 03/04/2025 (``value`` is then the first one).
    """

    start: int
    end: int
    text: str
    value: When | None
    end_value: When | None = None
    readings: tuple[When, When] | None = None
    problem: str | None = None
    weekday: int | None = None

    @property
    def is_range(self) -> bool:
        return self.end_value is not None

    @property
    def ambiguous(self) -> bool:
        return self.readings is not None

    @property
    def precision(self) -> Precision | None:
        return None if self.value is None else self.value.precision

    def bounds(self, utc: bool = True) -> tuple[datetime, datetime] | None:
        """The interval the whole match covers (both ends of a range)."""
        if self.value is None:
            return None
        first = self.value.bounds(utc)
        last = self.end_value.bounds(utc) if self.end_value is not None else first
        if first is None or last is None:
            return None
        return first[0], max(first[1], last[1])

    @property
    def zoned(self) -> bool:
        return self.value is not None and self.value.zoned

    @property
    def calendar_dates(self) -> tuple[CalendarDate, ...]:
        """The calendar days or months this match may name, without repeats: both readings of
        "03/04/2024", one otherwise, none for a time of day, a year or a quarter. Comparing
        these compares dates by value across formats ("14 April 2024" = "2024-04-14")."""
        readings = self.readings or ((self.value,) if self.value is not None else ())
        return tuple(dict.fromkeys(
            (None if when.year_inferred else when.year, when.month, when.day)
            for when in readings if when.month is not None and when.precision >= Precision.MONTH
        ))


def _month_after(year: int, month: int) -> datetime:
    return datetime(year + 1, 1, 1) if month == 12 else datetime(year, month + 1, 1)


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def precedes(first: DateMatch | When, second: DateMatch | When, margin: timedelta = timedelta(0)) -> bool:
    """True when ``first`` certainly ends no later than ``second`` begins, ``margin`` apart.

    Partial dates are intervals: "May 2024" neither precedes nor follows "2024-05-14".
    Times are compared in UTC when both zones are known, else as written (a report
    that gives one zone for some times uses the same clock for the others).
    """
    utc = first.zoned and second.zoned
    a, b = first.bounds(utc), second.bounds(utc)
    return a is not None and b is not None and a[1] + margin <= b[0]


def agrees(first: DateMatch | When, second: DateMatch | When) -> bool:
    """True when the two could name the same time: "May 2024" agrees with "14 May 2024",
    "2024-05-14" with "May 14, 2024", but not with "2024-05-15"."""
    return not precedes(first, second) and not precedes(second, first)


# ---------------------------------------------------------------- building values

class _Bad(Exception):
    """The text has a date's shape but names no real date or time."""


def _check_day(year: int | None, month: int, day: int) -> None:
    if not 1 <= month <= 12:
        raise _Bad(f"month {month} does not exist")
    leap = year is None or (year % 4 == 0 and year % 100 != 0) or year % 400 == 0  # no year: allow 29 February
    last = 29 if month == 2 and leap else _MONTH_DAYS[month]
    if not 1 <= day <= last:
        raise _Bad(f"{_MONTH_NAMES[month]} has no day {day}" + (f" in {year}" if month == 2 and day == 29 and year else ""))


def _clock(groups: dict[str, str | None]) -> tuple[int, int, int | None, str | None, int | None] | None:
    """hour, minute, second, zone as written, offset; None when no time was matched."""
    if groups.get("h") is None:
        return None
    hour = int(groups["h"] or 0)
    minute = int(groups["mi"] or 0) if groups.get("mi") else 0
    seconds = groups.get("s")
    second = int(seconds) if seconds else None
    ampm = groups.get("ampm")
    if ampm:
        if 13 <= hour <= 23:  # "20:24 PM": which is wrong, the hour or the PM?
            clock = f"{groups['h']}:{groups['mi']}" if groups.get("mi") else str(groups["h"])
            raise _Bad(f"{clock} {ampm.replace('.', '').upper()} mixes the 12- and 24-hour clocks")
        if not 1 <= hour <= 12:
            raise _Bad(f"{hour} {ampm} is not a time")
        hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
    if hour > 24 or (hour == 24 and (minute or second)):
        raise _Bad(f"hour {hour} does not exist")
    if minute > 59:
        raise _Bad(f"minute {minute} does not exist")
    if second is not None and second > 60:
        raise _Bad(f"second {second} does not exist")
    tz, offset = None, None
    numeric, zone = groups.get("off"), groups.get("zone")
    if numeric:
        tz = numeric
        offset = 0 if tz == "Z" else (1 if tz[0] == "+" else -1) * (int(tz[1:3]) * 60 + int(tz[-2:]))
    elif zone:
        tz = zone
        offset = ZONE_OFFSETS.get(tz)
        extra = groups.get("zoff")
        if extra:
            extra = extra.strip()
            tz += extra
            digits = extra[1:].replace(":", "")
            hours, mins = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
            offset = None if offset is None else offset + (1 if extra[0] == "+" else -1) * (hours * 60 + mins)
    return hour, minute, second, tz, offset


def _when(year: int | None, month: int | None, day: int | None, groups: dict[str, str | None]) -> When:
    clock = _clock(groups)
    if month is not None and day is not None:
        _check_day(year, month, day)
    elif month is not None and not 1 <= month <= 12:
        raise _Bad(f"month {month} does not exist")
    if clock is None:
        precision = Precision.DAY if day is not None else Precision.MONTH if month is not None else Precision.YEAR
        return When(precision, year, month, day)
    hour, minute, second, tz, offset = clock
    precision = Precision.SECOND if second is not None else Precision.MINUTE
    return When(precision, year, month, day, None, hour, minute, second, tz, offset)


def _month_number(name: str | None) -> int:
    return _MONTHS[(name or "")[:3].lower()]


def _year2(text: str) -> int:
    value = int(text)
    return value if len(text) == 4 else (2000 + value if value < 70 else 1900 + value)


def _build(form: str, m: re.Match[str], day_first: bool | None) -> tuple[When | None, tuple[When, When] | None, str | None]:
    """(value, both readings if ambiguous, problem) for one regex match."""
    g = m.groupdict()
    try:
        if form in ("iso", "ymd"):
            return _when(int(g["y"]), int(g["m"]), int(g["d"]), g), None, None
        if form == "ym":
            return _when(int(g["y"] or g["y2"] or 0), int(g["m"] or g["m2"] or 0), None, g), None, None
        if form in ("dmy", "mdy"):
            return _when(int(g["y"]) if g["y"] else None, _month_number(g["mon"]), int(g["d"]), g), None, None
        if form == "my":
            return _when(int(g["y"]), _month_number(g["mon"]), None, g), None, None
        if form == "quarter":
            year, quarter = int(g["y"] or g["y2"]), int(g["q"] or g["q2"])
            return When(Precision.QUARTER, year, quarter=quarter), None, None
        if form == "year":
            return When(Precision.YEAR, int(g["y"])), None, None
        if form in ("time", "ampm"):
            return _when(None, None, None, g), None, None
        return _numeric(g, day_first)
    except _Bad as bad:
        return None, None, str(bad)


def _numeric(g: dict[str, str | None], day_first: bool | None) -> tuple[When | None, tuple[When, When] | None, str | None]:
    a, b, year = int(g["a"] or 0), int(g["b"] or 0), _year2(g["y"] or "0")
    readings: list[When] = []
    problems: list[str] = []
    for month, day in ((a, b), (b, a)):  # month first (US), then day first
        try:
            readings.append(_when(year, month, day, g))
        except _Bad as bad:
            problems.append(str(bad))
    if not readings:
        return None, None, problems[-1]
    if len(readings) == 1 or a == b:
        return readings[0], None, None
    if day_first is not None:
        return readings[1 if day_first else 0], None, None
    return readings[0], (readings[0], readings[1]), None


def _plausible(form: str, m: re.Match[str], text: str) -> bool:
    """Shapes that look like dates but are something else in context."""
    if form == "numeric":
        if m.group("sep") != "/" and len(m.group("y")) != 4:
            return False  # 4.1.12 is a version, 10-12-14 an identifier
        return not re.match(r"[.]\d", text[m.end(): m.end() + 2])
    if form == "year":
        before = text[max(0, m.start() - 12): m.start()].lower()
        return not re.search(r"(?:\bport|\bpid|\bid|\bno\.?|\bnumber|\bcode|\berror|\bstatus|[#x×*])\s*$", before)
    return True


def _numeric_offset_ok(m: re.Match[str]) -> bool:
    """``-05:00`` after a time is a zone only in ISO date-times; "10:00-11:00" is a range."""
    off = m["off"] if "off" in m.re.groupindex else None
    if not off or off == "Z" or off[0] == "+":
        return True
    return bool(m["s"]) or "T" in m.group(0) or "t" in m.group(0)


@cache
def lazy_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled once, on first use, for the patterns that many reports never
    need: a pre-commit run on one report compiles only the date forms its text has (most
    reports name no month, quarter or "pm") and no relative-date or plan pattern unless
    their cheap word tests pass."""
    return re.compile(pattern)


def _hints(text: str) -> set[str]:
    """The hints of ``_FORMS`` that ``text`` has: cheap tests every match of a form passes."""
    seps = set(_SEPARATED.findall(text))
    found = {name for name, sep in (("dash", "-"), ("slash", "/")) if sep in seps}
    if found:
        found.add("dash_or_slash")
    if seps and lazy_regex(_NUMERIC_HINT).search(text):
        found.add("numeric")
    if ":" in text:
        found.add("colon")
    if "Q" in text:
        found.add("quarter")
    if "19" in text or "20" in text:
        found.add("year")
    if _MONTH_HINT.search(text):
        found.add("month")
    if _AMPM_HINT.search(text):
        found.add("ampm")
    return found


@lru_cache(maxsize=4096)
def _candidates(text: str, day_first: bool | None) -> tuple[DateMatch, ...]:
    """Every match of every form, overlaps resolved; cached because the date rules read the
    same texts with different years (the scan does not depend on the year)."""
    hints = _hints(text)
    found: list[tuple[int, int, str, re.Match[str]]] = []  # (start, end, form, match)
    for form, hint, source in _FORMS:
        if hint not in hints:
            continue
        pattern = lazy_regex(source)
        m = pattern.search(text)
        while m is not None:
            if not _numeric_offset_ok(m):  # rematch without the "-11:00" that starts a range
                m = pattern.match(text, m.start(), m.start("off")) or m
            found.append((m.start(), m.end(), form, m))
            m = pattern.search(text, max(m.end(), m.start() + 1))
    ranged = "-" in text or "–" in text
    if ranged and "month" in hints and lazy_regex(_DAY_RANGE_HINT).search(text):
        found.extend((m.start(), m.end(), "day range", m) for m in lazy_regex(_DAY_RANGE).finditer(text))
    if "dash" in hints:
        found.extend((m.start(), m.end(), "long year", m) for m in lazy_regex(_LONG_YEAR).finditer(text))
    if "slash" in hints:
        found.extend((m.start(), m.end(), "short year", m) for m in lazy_regex(_SHORT_YEAR).finditer(text) if _day_and_month(m))
    if ranged and "year" in hints:
        found.extend((m.start(), m.end(), "year range", m) for m in lazy_regex(_YEAR_RANGE).finditer(text))
    # Overlaps are resolved before building: most matches lose to a longer one at the same
    # place ("2024" and "14:02" inside "2024-05-14 14:02"), and building costs more than matching.
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    chosen: list[DateMatch] = []
    end = 0
    for start, stop, form, m in found:
        if start >= end and _plausible(form, m, text):
            chosen.append(_date_match(form, m, day_first))
            end = stop
    return tuple(chosen)


def _date_match(form: str, m: re.Match[str], day_first: bool | None) -> DateMatch:
    if form == "day range":
        return _day_range(m)
    if form in ("long year", "short year"):
        return DateMatch(m.start(), m.end(), m.group(0), None, problem=f"year {m.group('y')} has {len(m.group('y'))} digits")
    if form == "year range":
        first, last = When(Precision.YEAR, int(m.group("y"))), When(Precision.YEAR, int(m.group("y2")))
        return DateMatch(m.start(), m.end(), m.group(0), first, end_value=last)
    value, readings, problem = _build(form, m, day_first)
    return DateMatch(m.start(), m.end(), m.group(0), value, readings=readings, problem=problem)


def _day_and_month(m: re.Match[str]) -> bool:
    """Whether the first two numbers of ``m`` can be a day and a month, in either order."""
    a, b = int(m.group("a")), int(m.group("b"))
    return 1 <= min(a, b) <= 12 and 1 <= max(a, b) <= 31


def _day_range(m: re.Match[str]) -> DateMatch:
    month = _month_number(m.group("mon") or m.group("mon2"))
    first, last = (m.group("d1"), m.group("d2")) if m.group("d1") else (m.group("e1"), m.group("e2"))
    year = int(m.group("y")) if m.group("y") else None
    try:
        start, end = _when(year, month, int(first), {}), _when(year, month, int(last), {})
    except _Bad as bad:
        return DateMatch(m.start(), m.end(), m.group(0), None, problem=str(bad))
    return DateMatch(m.start(), m.end(), m.group(0), start, end_value=end)


def _merge(text: str, items: Sequence[DateMatch]) -> list[DateMatch]:
    """Join a time written before its date, then ranges ("A to B"), then weekday prefixes."""
    if len(items) > 1:  # a join needs two
        items = _join_ranges(text, _join_times(text, items))
    return [_with_weekday(text, item) for item in items]


def _join_times(text: str, items: Sequence[DateMatch]) -> list[DateMatch]:
    """"14:02 UTC on 14 May 2024", "22:30 UTC (Oct 29)": one date-time."""
    merged: list[DateMatch] = []
    for item in items:
        prev = merged[-1] if merged else None
        if prev is not None and prev.value is not None and item.value is not None and _is_time_only(prev) and not prev.is_range:
            gap = lazy_regex(_JOIN_TIME_FIRST).fullmatch(text, prev.end, item.start)
            is_day = item.value.day is not None and not item.value.has_time and not item.is_range
            close = item.end
            if gap and gap.group("paren"):
                close = item.end + 1 if text[item.end: item.end + 1] == ")" else -1
            if is_day and gap and close != -1:
                merged[-1] = DateMatch(prev.start, close, text[prev.start: close], prev.value.on(item.value))
                continue
        merged.append(item)
    return merged


def _join_ranges(text: str, items: Sequence[DateMatch]) -> list[DateMatch]:
    merged: list[DateMatch] = []
    for item in items:
        prev = merged[-1] if merged else None
        if prev is not None and prev.value is not None and item.value is not None and not prev.is_range and not item.is_range:
            gap = text[prev.end: item.start]
            if _RANGE_SEP.fullmatch(gap) and (gap.strip() != "and" or lazy_regex(_RANGE_OPEN).search(text, 0, prev.start)):
                joined = _range(prev, item)
                if joined is not None:
                    merged[-1] = DateMatch(prev.start, item.end, text[prev.start: item.end], joined[0], joined[1])
                    continue
        merged.append(item)
    return merged


def _with_weekday(text: str, item: DateMatch) -> DateMatch:
    """Extend a date over its weekday ("Friday 29 November 2019") and check that they agree."""
    value = item.value
    if value is None or value.day is None or not text[item.start - 1: item.start].isspace():
        return item  # (a weekday is followed by white space, which str.isspace and \s agree on)
    weekday = _WEEKDAY_BEFORE.search(text, max(0, item.start - 16), item.start)
    if weekday is None:
        return item
    day = _WEEKDAYS[weekday.group("wd")[:3].lower()]
    item = replace(item, start=weekday.start(), text=text[weekday.start(): item.end], weekday=day)
    if _weekday_wrong(value, day):
        item = replace(item, problem=f"{value.iso()[:10]} is a {_DAY_NAMES[_weekday(value)]}, not a {_DAY_NAMES[day]}")
    return item


def _weekday(value: When) -> int:
    return date(value.year or 2000, value.month or 1, value.day or 1).weekday()


def _weekday_wrong(value: When, day: int) -> bool:
    return value.precision >= Precision.DAY and not value.year_inferred and value.year is not None and _weekday(value) != day


def _is_time_only(item: DateMatch) -> bool:
    return item.value is not None and not item.value.has_date and item.value.month is None and item.value.has_time


def _range(first: DateMatch, second: DateMatch) -> tuple[When, When] | None:
    """Both ends of "A to B"; a time-only end takes the other end's date and zone."""
    a, b = first.value, second.value
    assert a is not None and b is not None
    if _is_time_only(first) and _is_time_only(second):
        if b.tz and not a.tz:
            a = replace(a, tz=b.tz, offset=b.offset)
        return a, b
    if a.has_date and _is_time_only(second):
        b = b.on(a)
        if a.has_time and (b.hour or 0, b.minute or 0) < (a.hour or 0, a.minute or 0):
            bounds = b.bounds()
            if bounds:
                nxt = bounds[0] + timedelta(days=1) + timedelta(minutes=b.offset or 0)
                b = replace(b, year=nxt.year, month=nxt.month, day=nxt.day)
        return a, b
    if a.month is not None and b.has_date and a.year is None and a.precision == Precision.DAY:
        return replace(a, year=b.year), b  # "May 11 to May 13, 2024"
    if (a.has_date or a.month is not None) and a.year == b.year and a.precision == b.precision:
        return a, b
    if a.has_date and b.has_date and a.precision == b.precision:
        return a, b
    return None


def find_dates(text: str, *, year: int | None = None, day_first: bool | None = None, years: bool = True) -> list[DateMatch]:
    """Every date, date-time, time and range in ``text``, in order, without overlaps.

    ``year`` is the year given to a month and day written without one (the report's
    year); such values have ``year_inferred`` set. ``day_first`` reads numeric dates
    such as 03/04/2025 as day/month (True) or month/day (False); when None, a numeric
    date whose parts could both be the month is returned with both ``readings``.
    ``years=False`` drops bare years ("2024"): in a table of numbers they are just numbers.
    """
    if not _DIGIT.search(text):
        return []  # every form has a digit
    items: Sequence[DateMatch] = _candidates(text, day_first)
    if not years:
        items = [item for item in items if item.precision != Precision.YEAR]
    if year is not None:
        items = [_with_year(item, year) for item in items]
    return _merge(text, items)


def _with_year(item: DateMatch, year: int) -> DateMatch:
    def fill(value: When | None) -> When | None:
        if value is None or value.year is not None or value.month is None:
            return value
        try:
            _check_day(year, value.month, value.day or 1)
        except _Bad:
            return value
        return replace(value, year=year, year_inferred=True)

    if item.value is None:
        return item
    value, end_value = fill(item.value), fill(item.end_value)
    if value is item.value and end_value is item.end_value:
        return item
    return replace(item, value=value, end_value=end_value)


def parse_date(text: str, **kwargs: object) -> DateMatch | None:
    """The first date in ``text``, or None."""
    found = find_dates(text, **kwargs)  # type: ignore[arg-type]
    return found[0] if found else None


_LEADING_JUNK = re.compile(r"[\s*_`\[\](){}|>~\"'“”‘’#:-]*(?:(?:[Oo]n|[Aa]t|[Aa]round|[Aa]bout|[Aa]pprox(?:imately|\.)?|[Cc]irca)\s+)?")


def leading_date(text: str, **kwargs: object) -> DateMatch | None:
    """The date or time that opens ``text`` (after markup, brackets and "on"/"at"/"around"), or None.

    Timeline entries start with their date: "2025-03-18 14:02 UTC: alert fired".
    """
    lead = _LEADING_JUNK.match(text)
    begin = lead.end() if lead else 0
    for item in find_dates(text[: begin + 80], **kwargs):  # type: ignore[arg-type]
        if item.start <= begin:
            return item
        break
    return None


_WEEKDAY_NAMES = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?:\d+|a few|few|several|a couple of|couple of|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_RELATIVE = (  # compiled by lazy_regex
    r"(?i)(?<![\w-])(?:yesterday|the day before yesterday|tomorrow|(?:earlier|later) today|as of today|this (?:morning|afternoon|evening)"
    r"|(?:in|over|during|within|since|for) the (?:last|past|previous) (?:" + _COUNT + r" )?(?:days?|weeks?|months?)"
    r"|last night|(?:last|this past|past) (?:week|weekend|month|quarter|year)"
    # a weekday says which week only when no date follows it ("on Friday 29 November 2019" is dated)
    r"|(?:on|last|this past|past|this|next|since|by) " + _WEEKDAY_NAMES
    + r"(?!,?\s*\(?(?:the\s+)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d))"
    r"|(?:earlier|later) this (?:week|month|quarter|year)|this (?:week|month|quarter)"
    r"|(?:a few|several|a couple of|\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:hours?|days?|weeks?|months?|years?) ago"
    r"|the other day)(?![\w-])"
)


_RELATIVE_WORDS = (  # one is in every match
    "yesterday", "tomorrow", "today", "this morning", "this afternoon", "this evening", "this week", "this month",
    "this quarter", "this year", "this past", "last ", "past ", "previous ", "ago", "other day",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)


def may_have_relative(texts: Iterable[str]) -> bool:
    """False when none of ``texts`` can hold a relative date: one cheap test over all of them
    joined by a line break (no relative phrase has one, so none is found across two texts).
    Most reports have none, and one test is much cheaper than one per sentence."""
    return might_contain("\n".join(texts), _RELATIVE_WORDS)


def find_relative(text: str) -> list[tuple[int, int]]:
    """Offsets of words that date something relative to when it was written ("yesterday",
    "last week", "on Monday", "in the past few days"). "Recently" places an event before the
    story, not on the calendar, and "in the last few years" is background: neither is one."""
    if not might_contain(text, _RELATIVE_WORDS):
        return []
    return [m.span() for m in lazy_regex(_RELATIVE).finditer(text)]


# The only characters beyond ASCII that a case-insensitive regex matches to an ASCII letter
# (İ ı ſ K; tests/test_dates.py checks every code point).
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
# Searched for, not tested as a set: isdisjoint would step through the text in Python objects.
# Compiled by lazy_regex: only a text beyond ASCII is searched.
_FOLDING = "[" + "".join(sorted(_FOLDS_TO_ASCII)) + "]"


def might_contain(text: str, words: Iterable[str]) -> bool:
    """False only when ``text`` certainly contains none of the lower-case ASCII ``words`` in
    any case: a cheap test before a case-insensitive regex that needs one of them. Text with
    one of the few characters the regex folds to ASCII (but ``str.lower`` does not) always might."""
    if not text.isascii() and lazy_regex(_FOLDING).search(text):
        return True
    lowered = text.lower()
    for word in words:  # a loop, not any(...): this runs for every sentence
        if word in lowered:
            return True
    return False
