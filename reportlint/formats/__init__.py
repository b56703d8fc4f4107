"""Output formats: each renders the same list of findings; ``FORMATS`` maps names to them."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from reportlint._finding import Finding, Severity
from reportlint._registry import Rule


@dataclass(frozen=True)
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

    def counts(self) -> dict[Severity, int]:
        totals = {severity: 0 for severity in Severity}
        for finding in self.findings:
            totals[finding.severity] += 1
        return totals


Formatter = Callable[[RunResult], str]


def _formats() -> dict[str, Formatter]:
    from reportlint.formats import json_, text

    return {
        "concise": text.concise,
        "full": text.full,
        "json": json_.json_document,
    }


def get_format(name: str) -> Formatter:
    return _formats()[name]


def format_names() -> list[str]:
    return list(_formats())
