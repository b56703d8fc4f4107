"""``markdown``: a compact summary for a pull-request comment or a GitHub job summary.

Totals, a table of the reports with findings (lowest quality first) and the first
findings of each, with links to the rules' documentation. Text from reports is escaped
(Markdown, HTML, @mentions), and the whole summary stays under ``LIMIT`` bytes (a PR
comment holds 65,536 characters): what does not fit is cut with an "and N more" line.
"""
from __future__ import annotations

from reportlint._text import plural
from reportlint.formats import RunResult
from reportlint.formats.overview import SEVERITIES, ReportRow, doc_link, profile_counts, report_rows
from reportlint.formats.text import safe

LIMIT = 60_000  # bytes of UTF-8; the "and N more" lines fit in what is left of 64 KB
FINDINGS_PER_REPORT = 5

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN = set("\\`*_[]|~")  # the rest (#, -, +, .) is markup only at the start of a line, where report text never is


def escape(text: str) -> str:
    """Report text as literal Markdown: no emphasis, link, table cell break, HTML or @mention."""
    out = []
    for ch in safe(text):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _MARKDOWN:
            out.append("\\" + ch)
        elif ch == "@":
            out.append("@\u200b")  # a zero-width space: no one is notified
        else:
            out.append(ch)
    return "".join(out)


class _Budget:
    """Lines that fit in ``LIMIT`` bytes."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0

    def fits(self, lines: list[str]) -> bool:
        return self.size + sum(len(line.encode("utf-8")) + 1 for line in lines) <= LIMIT

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
        self.size += sum(len(line.encode("utf-8")) + 1 for line in lines)


def _row(row: ReportRow) -> str:
    counts = [str(row.severities[severity]) for severity in SEVERITIES]
    score = "–" if row.score is None else f"{row.score}%"
    return f"| {escape(row.path)} | {escape(row.profile) or '–'} | {' | '.join(counts)} | {score} |"


def _finding_lines(row: ReportRow) -> list[str]:
    lines = [f"**{escape(row.path)}** ({plural(len(row.findings), 'finding')})", ""]
    for finding in row.findings[:FINDINGS_PER_REPORT]:
        start = finding.span.start
        url = doc_link(finding.url)
        code = f"[{finding.code}]({url})" if url else escape(finding.code)
        lines.append(f"- {start.line}:{start.column} {finding.severity.value} {code} {escape(finding.message)}")
    if len(row.findings) > FINDINGS_PER_REPORT:
        lines.append(f"- … and {len(row.findings) - FINDINGS_PER_REPORT} more")
    lines.append("")
    return lines


def summary(result: RunResult) -> str:
    rows = report_rows(result)
    flagged = sorted((row for row in rows if row.findings), key=lambda row: (row.score if row.score is not None else 101, -len(row.findings), row.path))
    counts = result.counts()
    out = _Budget()
    out.add("## reportlint", "")
    severities = ", ".join(plural(counts[s], s.value) if s.value != "info" else f"{counts[s]} info" for s in SEVERITIES)
    totals = f"**{plural(len(result.findings), 'finding')}** ({severities}) in **{len(flagged)} of {plural(len(rows), 'report')}** checked"
    profiles = ", ".join(f"{escape(name)} ({n})" for name, n in profile_counts(rows))
    out.add(totals + (f"; profiles: {profiles}." if profiles else "."), "")
    if result.errors:
        out.add(f"{plural(result.errors, 'file or rule error')} kept files from being checked fully (see the job log).", "")
    if not flagged:
        return "\n".join(out.lines)

    out.add("| Report | Profile | Errors | Warnings | Info | Quality |", "| --- | --- | ---: | ---: | ---: | ---: |")
    shown = 0
    for row in flagged:
        if not out.fits([_row(row)]):
            break
        out.add(_row(row))
        shown += 1
    if shown < len(flagged):
        out.add(f"| … and {len(flagged) - shown} more | | | | | |")
    out.add("", "Quality: the share of the checks (rules run on a report) that give it no warning or error.", "")

    listed = 0
    for row in flagged[:shown]:
        lines = _finding_lines(row)
        if not out.fits(lines):
            break
        out.add(*lines)
        listed += 1
    if listed < len(flagged):
        rest = flagged[listed:]
        hidden = sum(len(row.findings) for row in rest)
        out.add(f"… and {plural(len(rest), 'more report')} with {plural(hidden, 'finding')} not listed here.", "")
    return "\n".join(out.lines)
