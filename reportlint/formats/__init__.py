"""Output formats: each renders the same list of findings; ``FORMATS`` maps names to them."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import NamedTuple

from reportlint._finding import Finding, Severity
from reportlint._positions import Position, Span, convert_column
from reportlint._registry import Rule

HOMEPAGE = "https://github.com/reportlint/reportlint"


class Region(NamedTuple):
    """A finding's range for an output format: 1-based, end exclusive, columns in that format's unit."""

    line: int
    column: int
    end_line: int
    end_column: int


class FileProfile(NamedTuple):
    """What a file was checked against: its profile's id and how many rules ran on it."""

    profile: str
    checks: int


@dataclass(frozen=True, eq=False, repr=False)  # nothing compares or prints one: no methods to compile at import
class RunResult:
    """Everything a formatter may show: findings, the files linted, their lines, the rules."""

    findings: Sequence[Finding]
    files: Sequence[str]
    lines: Mapping[str, Sequence[str]] = field(default_factory=dict)
    rules: Sequence[Rule] = ()
    version: str = ""
    color: bool = False
    quiet: bool = False
    errors: int = 0
    profiles: Mapping[str, FileProfile] = field(default_factory=dict)  # per linted file; only for the formats that show it
    width: int = 80  # terminal columns the human formats fit source excerpts to

    def counts(self) -> dict[Severity, int]:
        totals = {severity: 0 for severity in Severity}
        for finding in self.findings:
            totals[finding.severity] += 1
        return totals

    def region(self, finding: Finding, unit: str = "code-points") -> Region:
        """The finding's span for tools that highlight lines.

        A span that ends at column 1 of a later line (a whole line or block) ends instead
        at the end of the line before, so editors do not highlight one line too many.
        """
        start, end = finding.span.start, finding.span.end
        if end.line > start.line and end.column == 1:
            end = Position(end.line - 1, len(self._line(finding.path, end.line - 1)) + 1)
        return self.convert(finding.path, Span(start, end), unit)

    def convert(self, path: str, span: Span, unit: str = "code-points") -> Region:
        """``span`` in ``path`` with columns in ``unit``: "code-points", "utf-16" or "utf-8"."""
        start, end = span.start, span.end
        if unit == "code-points":
            return Region(start.line, start.column, end.line, end.column)
        return Region(
            start.line, convert_column(self._line(path, start.line), start.column, unit),
            end.line, convert_column(self._line(path, end.line), end.column, unit),
        )

    def _line(self, path: str, line: int) -> str:
        source = self.lines.get(path, ())
        return source[line - 1] if 0 < line <= len(source) else ""


Formatter = Callable[[RunResult], str]


# name -> (module in this package, function); a run imports only the module it uses.
_FORMATS: dict[str, tuple[str, str]] = {
    "concise": ("text", "concise"),
    "full": ("text", "full"),
    "grouped": ("text", "grouped"),
    "pylint": ("text", "pylint"),
    "json": ("json_", "json_document"),
    "json-lines": ("json_", "json_lines"),
    "github": ("github", "workflow_commands"),
    "gitlab": ("gitlab", "code_quality"),
    "sarif": ("sarif", "sarif_log"),
    "junit": ("junit", "junit_xml"),
    "rdjson": ("rdjson", "rdjson"),
    "html": ("html", "dashboard"),
    "markdown": ("markdown", "summary"),
}
_SHOW_PROFILES = frozenset({"html", "markdown"})


TEXT_FORMATS = ("concise", "full", "grouped")  # the formats --statistics may replace: read by people, not tools


def get_format(name: str) -> Formatter:
    """The formatter called ``name``; ``KeyError`` when there is none."""
    module, function = _FORMATS[name]
    return getattr(import_module(f"reportlint.formats.{module}"), function)


def shows_profiles(name: str) -> bool:
    """Whether format ``name`` shows each file's profile (the run then looks them up)."""
    return name in _SHOW_PROFILES


def format_names() -> list[str]:
    return list(_FORMATS)
