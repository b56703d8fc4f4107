"""``rdjson``: reviewdog's Diagnostic JSON (columns in UTF-8 bytes, as reviewdog counts them)."""
from __future__ import annotations

from typing import Any

from reportlint._finding import Finding, Severity
from reportlint.formats import HOMEPAGE, Region, RunResult
from reportlint.formats.json_ import dumps

_SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def _range(region: Region) -> dict[str, Any]:
    return {
        "start": {"line": region.line, "column": region.column},
        "end": {"line": region.end_line, "column": region.end_column},
    }


def _diagnostic(finding: Finding, result: RunResult) -> dict[str, Any]:
    code: dict[str, str] = {"value": finding.code}
    if finding.url:
        code["url"] = finding.url
    diagnostic: dict[str, Any] = {
        "message": finding.message,
        "location": {
            "path": finding.path,
            "range": _range(result.region(finding, "utf-8")),
        },
        "severity": _SEVERITIES[finding.severity],
        "code": code,
    }
    if finding.fix is not None:
        diagnostic["suggestions"] = [
            {"range": _range(result.convert(finding.path, edit.span, "utf-8")), "text": edit.text} for edit in finding.fix.edits
        ]
    return diagnostic


def rdjson(result: RunResult) -> str:
    document = {
        "source": {"name": "reportlint", "url": HOMEPAGE},
        "severity": "WARNING",
        "diagnostics": [_diagnostic(f, result) for f in result.findings],
    }
    return dumps(document)
