"""``gitlab``: a GitLab Code Quality report (a JSON array of Code Climate issues)."""
from __future__ import annotations

from reportlint._finding import Severity
from reportlint.formats import RunResult
from reportlint.formats.json_ import dumps

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def code_quality(result: RunResult) -> str:
    issues = []
    for finding in result.findings:
        region = result.region(finding)
        issues.append({
            "description": f"{finding.code}: {finding.message}",
            "check_name": finding.code,
            "fingerprint": finding.fingerprint,
            "severity": _SEVERITIES[finding.severity],
            "location": {
                "path": finding.path,
                "positions": {
                    "begin": {"line": region.line, "column": region.column},
                    "end": {"line": region.end_line, "column": region.end_column},
                },
            },
        })
    return dumps(issues)
