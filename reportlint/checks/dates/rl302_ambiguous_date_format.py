"""RL302: a numeric date whose day and month could be swapped."""
from __future__ import annotations

import re
from collections.abc import Iterator

from datetime import date

from reportlint.api import Document, Finding, RuleContext, Severity, lazy_regex, rule

from reportlint.checks.dates._labels import is_date_label
from reportlint.checks.dates._options import DAY_ORDER, day_first
from reportlint.checks.dates._own_dates import own_fields, own_matches, own_runs

# Compiled by lazy_regex: only runs with a dash need them.
_SHORT_DASH = r"(?<![\w.:/-])(?P<a>\d{2})-(?P<b>\d{2})-(?P<c>\d{2})(?![\w-]|[.:/]\d)"
_SHORT_DASH_HINT = r"\d\d-\d\d-\d\d"
_ON = r"(?i)\bon\s+(?:the\s+)?$"
_JUNK = " \t*_`[](){}|>#:-"


@rule(code="RL302", name="ambiguous-date-format", summary="Numeric dates such as 03/04/2025 must say which part is the day", severity=Severity.WARNING, tags=("dates",), options=DAY_ORDER)
def ambiguous_date_format(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags numeric dates whose day and month could be swapped (`03/04/2025`: 4 March or
    3 April?) and suggests the ISO 8601 forms. A date of three two-digit numbers joined by
    dashes (`06-08-19`) is reported where a date stands: after "on", at the start of a
    list item or table cell, or as the value of a date field.

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
    if day_first(ctx) is not None:
        return
    for run, match in ctx.analysis(own_matches, None):
        if match.readings is not None:
            first, second = (r.iso() for r in match.readings)
            yield ctx.finding(run.span(match.start, match.end), f'ambiguous date "{match.text}": write {first} or {second}')
    yield from _short_dash_dates(doc, ctx)


def _short_dash_dates(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """"06-08-19" where a date stands: after "on", opening a list item or table cell, or as
    the value of a date field. Elsewhere the shape is as often an identifier or a score."""
    if not lazy_regex(_SHORT_DASH_HINT).search(doc.text):
        return  # most reports: no such shape anywhere
    field_starts: dict[int, list[int]] = {}
    for found in own_fields(doc):
        if found.source != "front-matter" and is_date_label(found.name):
            field_starts.setdefault(id(found.run), []).append(found.value_start)
    for run in ctx.analysis(own_runs):
        if "-" not in run.prose:
            continue
        for m in _short_dash_matches(run.prose):
            before = run.prose[: m.start()]
            opens = not before.strip(_JUNK) and run.kind in ("list_item", "table_cell")
            in_field = any(not run.prose[start: m.start()].strip(_JUNK) for start in field_starts.get(id(run), ()) if start <= m.start())
            if not (opens or in_field or lazy_regex(_ON).search(before)):
                continue
            readings = _readings(int(m["a"]), int(m["b"]), int(m["c"]))
            if len(readings) > 1:
                listed = ", ".join(readings[:-1]) + " or " + readings[-1]
                yield ctx.finding(run.span(m.start(), m.end()), f'ambiguous date "{m.group(0)}": write {listed}')


def _short_dash_matches(text: str) -> Iterator[re.Match[str]]:
    """``_SHORT_DASH.finditer(text)``, its lookbehind tested only where the shape is (the hint's
    matches), not at every character: thirty times faster on text full of ISO dates, whose
    "2024-05-14" has the shape. Where a hint match is not one, the next one starts past it, as
    no match can start inside it (a digit or a dash stands before each of its characters)."""
    short = lazy_regex(_SHORT_DASH)
    for hint in lazy_regex(_SHORT_DASH_HINT).finditer(text):
        match = short.match(text, hint.start())
        if match is not None:
            yield match


def _readings(a: int, b: int, c: int) -> list[str]:
    """The ISO dates "a-b-c" can be, as month-day-year, day-month-year and year-month-day."""
    found: list[str] = []
    for year, month, day in ((c, a, b), (c, b, a), (a, b, c)):
        year += 2000 if year < 70 else 1900
        try:
            text = date(year, month, day).isoformat()
        except ValueError:
            continue
        if text not in found:
            found.append(text)
    return found
