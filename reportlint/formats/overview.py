"""What the overview formats (``html``, ``markdown``) show of a run: one row per report with
its profile, findings per family and quality score, and the findings per rule.

The quality score of a report is the share of its checks it passes, in percent (rounded
down, so any failed check shows): a check is a rule that ran on the report (the rules its
profile and config enable), and it fails when it gives a warning or an error there. Info
findings are notes and cost nothing; many findings of one rule cost as much as one.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlint._finding import Finding, Severity
from reportlint.formats import RunResult

FAMILIES = ("RL1", "RL2", "RL3", "RL4")
OTHER = "other"  # meta rules (RL0), pattern rules and plugins
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def family_of(code: str) -> str:
    family = code[:3]
    return family if family in FAMILIES else OTHER


@dataclass(frozen=True)
class ReportRow:
    """One linted report."""

    path: str
    profile: str  # "" when the run did not record it
    checks: int  # rules that ran on the report; 0 when unknown
    findings: Sequence[Finding] = ()
    families: Counter[str] = field(default_factory=Counter)
    severities: Counter[Severity] = field(default_factory=Counter)

    @property
    def failed(self) -> int:
        """Checks that gave a warning or an error."""
        return len({f.code for f in self.findings if f.severity is not Severity.INFO})

    @property
    def passed(self) -> int:
        return max(self.checks - self.failed, 0)

    @property
    def score(self) -> int | None:
        """Percent of the checks passed, rounded down; None when the checks are unknown."""
        return self.passed * 100 // self.checks if self.checks else None


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    url: str
    count: int


def report_rows(result: RunResult) -> list[ReportRow]:
    """Every linted report, in the run's order (findings in line order)."""
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    paths = list(dict.fromkeys([*result.files, *by_path]))
    rows = []
    for path in paths:
        found = by_path.get(path, [])
        profile = result.profiles.get(path)
        rows.append(ReportRow(
            path, profile.profile if profile else "", profile.checks if profile else 0, found,
            Counter(family_of(f.code) for f in found), Counter(f.severity for f in found),
        ))
    return rows


def rule_counts(result: RunResult) -> list[RuleCount]:
    """Findings per rule, most first (then by code)."""
    counts = Counter(f.code for f in result.findings)
    first = {f.code: f for f in reversed(result.findings)}
    return [RuleCount(code, first[code].name, first[code].url, n) for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def profile_counts(rows: Sequence[ReportRow]) -> list[tuple[str, int]]:
    """How many reports were checked against each profile, most first."""
    counts = Counter(row.profile for row in rows if row.profile)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def doc_link(url: str) -> str:
    """``url`` when it is a web link a reader may follow, else "" (a plugin's rules may have none)."""
    return url if url.startswith(("https://", "http://")) else ""
