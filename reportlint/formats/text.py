"""Human formats: ``concise`` (flake8 style), ``full`` (with carets), ``grouped``, ``pylint``,
and the ``--statistics`` table."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from reportlint._finding import Finding, Severity
from reportlint._text import plural
from reportlint.formats import RunResult

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
TAB_SIZE = 4
MAX_EXCERPT_LINES = 4  # a longer span shows its first and last lines around "..."
ELLIPSIS = "..."  # marks text of a long line left out of the excerpt
_INDENT = re.compile(r"\s*")


def safe(text: str) -> str:
    """Report text with control characters (terminal escapes included) made visible."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def safe_lines(text: str) -> str:
    """:func:`safe` for each line of a message of several lines (one error per line)."""
    return "\n".join(safe(line) for line in text.split("\n"))


def _code(finding: Finding, result: RunResult) -> str:
    marker = " [*]" if finding.fix is not None else ""
    if result.color:
        return f"{_BOLD}{_COLORS[finding.severity]}{finding.code}{_RESET}{marker}"
    return finding.code + marker


def _path(path: str, result: RunResult) -> str:
    return f"{_BOLD}{safe(path)}{_RESET}" if result.color else safe(path)


def _location(finding: Finding, result: RunResult) -> str:
    start = finding.span.start
    return f"{_path(finding.path, result)}:{start.line}:{start.column}"


def summary(result: RunResult) -> str:
    """``Found N findings (E errors, W warnings, I info) in F files.``"""
    counts = result.counts()
    total = len(result.findings)
    files = len({f.path for f in result.findings})
    if not total:
        checked_text = f"{plural(len(result.files), 'file')} checked"
        if result.errors:
            return f"No findings ({checked_text}), but {plural(result.errors, 'error')} stopped files from being checked."
        return f"All checks passed ({checked_text})."
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    return (
        f"Found {plural(total, 'finding')} ({plural(errors, 'error')}, {plural(warnings, 'warning')}, "
        f"{counts[Severity.INFO]} info) in {plural(files, 'file')}."
    )


def _with_summary(lines: list[str], result: RunResult) -> str:
    if not result.quiet:
        lines.append(summary(result))
    return "\n".join(lines) + ("\n" if lines else "")


def concise(result: RunResult) -> str:
    return _with_summary([f"{_location(f, result)}: {_code(f, result)} {safe(f.message)}" for f in result.findings], result)


def pylint(result: RunResult) -> str:
    """``{path}:{line}: [{code}] {message}``, as pylint's parseable format (no summary)."""
    return "".join(f"{safe(f.path)}:{f.span.start.line}: [{f.code}] {safe(f.message)}\n" for f in result.findings)


def grouped(result: RunResult) -> str:
    """``{path}:`` then ``  {line}:{col} {code} {message}`` per finding, a blank line between files."""
    lines: list[str] = []
    previous = None
    for finding in result.findings:
        if finding.path != previous:
            if previous is not None:
                lines.append("")
            lines.append(f"{_path(finding.path, result)}:")
            previous = finding.path
        start = finding.span.start
        lines.append(f"  {start.line}:{start.column} {_code(finding, result)} {safe(finding.message)}")
    if lines and not result.quiet:
        lines.append("")
    return _with_summary(lines, result)


# ------------------------------------------------------------------- full


def _cells(line: str) -> list[tuple[str, int]]:
    """How each character of a source line is shown, and how many terminal cells it takes.

    Tabs expand to the next tab stop, control characters are escaped as in :func:`safe`,
    East Asian wide characters take two cells and combining marks none, so carets line up.
    """
    cells: list[tuple[str, int]] = []
    column = 0
    for ch in line:
        if ch == "\t":
            width = TAB_SIZE - column % TAB_SIZE
            shown = " " * width
        elif not ch.isprintable():
            shown = repr(ch)[1:-1]
            width = len(shown)
        else:
            shown = ch
            width = 0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        cells.append((shown, width))
        column += width
    return cells


def _excerpt_line(line: str, start: int, end: int, room: int = 10**9) -> tuple[str, str]:
    """The shown line and its caret line for code points ``[start, end)`` (0-based).

    A line wider than ``room`` terminal cells is cut to a window around the flagged words,
    with ``...`` where text is left out (as rustc and ruff do). Only the window's characters
    are rendered, so many findings on one long line cost time linear in their number.
    """
    past_end = max(end - len(line), 0)  # a span that runs past the line (its newline) gets one more caret
    if len(line) <= room:
        cells = _cells(line)
        if sum(width for _, width in cells) <= room:
            pad = sum(width for _, width in cells[:start])
            width = sum(w for _, w in cells[start:end]) + past_end
            return "".join(text for text, _ in cells), " " * pad + "^" * max(width, 1)
    room = max(room, 20)
    first = max(0, start - room)  # enough context on either side; a cell is at least one character
    cells = _cells(line[first:min(len(line), max(end, start) + 2 * room)])
    begin, stop = start - first, min(end, len(line)) - first
    budget = room - 2 * len(ELLIPSIS)
    before = sum(w for _, w in cells[:begin])
    left_wanted = min(budget // 4, before)
    if first == 0 and before + sum(w for _, w in cells[begin:stop]) <= budget:
        left_wanted = before  # the flagged words fit with the start of the line: show it
    low = high = begin
    used = 0
    while high < stop and used + cells[high][1] <= budget - left_wanted:  # the flagged words first
        used += cells[high][1]
        high += 1
    left = 0
    while low > 0 and left + cells[low - 1][1] <= left_wanted:  # then some of what precedes them
        left += cells[low - 1][1]
        low -= 1
    used += left
    while high < len(cells) and used + cells[high][1] <= budget:  # then what follows
        used += cells[high][1]
        high += 1
    while low > 0 and used + cells[low - 1][1] <= budget:  # then more of what precedes
        used += cells[low - 1][1]
        low -= 1
    if first + low == 0:  # no "..." in front: its room goes to what follows
        budget += len(ELLIPSIS)
        while high < len(cells) and used + cells[high][1] <= budget:
            used += cells[high][1]
            high += 1
    head = ELLIPSIS if first + low > 0 else ""
    tail = ELLIPSIS if first + high < len(line) else ""
    shown = head + "".join(text for text, _ in cells[low:high]) + tail
    pad = len(head) + sum(w for _, w in cells[low:begin])
    width = sum(w for _, w in cells[begin:min(stop, high)]) + (past_end if first + high >= len(line) else 0)
    return shown, " " * pad + "^" * max(width, 1)


def _excerpt(finding: Finding, result: RunResult) -> list[str]:
    """Source lines of the span with carets under exactly the flagged characters."""
    source = result.lines.get(finding.path, ())
    region = result.region(finding)
    if not 0 < region.line <= len(source):
        return []
    last = min(region.end_line, len(source))
    if last - region.line >= MAX_EXCERPT_LINES:
        numbers = [*range(region.line, region.line + MAX_EXCERPT_LINES - 1), 0, last]  # 0 marks the elided lines
    else:
        numbers = list(range(region.line, last + 1))
    gutter = len(str(last))
    rows = [f"{'':>{gutter}} |"]
    for number in numbers:
        if number == 0:
            rows.append(f"{'...':>{gutter}}")
            continue
        line = source[number - 1]
        begin = region.column - 1 if number == region.line else _INDENT.match(line).end()  # type: ignore[union-attr]
        end = region.end_column - 1 if number == region.end_line else len(line)
        shown, carets = _excerpt_line(line, begin, end, result.width - gutter - 3)
        rows.append(f"{number:>{gutter}} | {shown}".rstrip())
        if end > begin or region.line == region.end_line:
            rows.append(f"{'':>{gutter}} | {carets}")
    return rows


def full(result: RunResult) -> str:
    blocks: list[str] = []
    for finding in result.findings:
        block = [
            f"{_code(finding, result)} [{finding.severity}] {safe(finding.message)}",
            f"  --> {_location(finding, result)}",
            *_excerpt(finding, result),
        ]
        if finding.detail:
            block.append(f"  = detail: {safe(finding.detail)}")
        if finding.url:
            block.append(f"  = docs: {finding.url}")
        blocks.append("\n".join(block))
    text = "\n\n".join(blocks)
    if not result.quiet:
        text = f"{text}\n\n{summary(result)}" if text else summary(result)
    return text + "\n" if text else ""


# ------------------------------------------------------------- statistics


def _table(rows: Iterable[tuple[int, Sequence[str]]], count_width: int) -> list[str]:
    """Right-aligned counts, then left-aligned columns; highest count first."""
    ordered = sorted(rows, key=lambda row: (-row[0], *row[1]))
    widths = [max(len(cols[i]) for _, cols in ordered) for i in range(len(ordered[0][1]))] if ordered else []
    return [
        "  ".join([f"{count:>{count_width}}", *(f"{col:<{w}}" for col, w in zip(cols, widths))]).rstrip()
        for count, cols in ordered
    ]


def statistics(result: RunResult) -> str:
    """Findings per rule (``count code name``), then per file, then the summary line."""
    by_rule = Counter((f.code, f.name) for f in result.findings)
    by_file = Counter(safe(f.path) for f in result.findings)
    width = len(str(max([*by_rule.values(), *by_file.values()], default=0)))
    lines = _table(((count, key) for key, count in by_rule.items()), width)
    if by_file:
        lines += ["", *_table(((count, (path,)) for path, count in by_file.items()), width), ""]
    return _with_summary(lines, result)
