"""The one Finding type every rule yields and every output format renders."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from reportlint._positions import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; compared against ``--fail-on``."""
        return _RANKS[self]

    def __str__(self) -> str:
        return self.value


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text of ``span`` with ``text``."""

    span: Span
    text: str  # "" deletes


@dataclass(frozen=True, slots=True)
class Fix:
    """The edits that fix a finding, and how safe they are to apply."""

    applicability: Literal["safe", "unsafe", "display-only"]
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: where, what, how severe, and an optional fix."""

    code: str
    name: str
    severity: Severity
    message: str
    detail: str | None
    path: str
    span: Span
    url: str
    fix: Fix | None = None
    fingerprint: str = ""

    def with_fingerprint(self, fingerprint: str) -> Finding:
        """This finding with ``fingerprint`` set (``dataclasses.replace`` is several times
        slower, and every finding of every file is stamped)."""
        return Finding(self.code, self.name, self.severity, self.message, self.detail, self.path, self.span, self.url, self.fix, fingerprint)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.start.line, self.span.start.column, self.code)
