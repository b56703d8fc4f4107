"""Machine formats built on one finding object: ``json`` (with an envelope) and ``json-lines``.

Both follow ``reportlint/schemas/findings.schema.json``."""
from __future__ import annotations

import json
from typing import Any

from reportlint._finding import Finding, Severity
from reportlint.formats import RunResult

SCHEMA_VERSION = 1


def finding_object(finding: Finding) -> dict[str, Any]:
    start, end = finding.span.start, finding.span.end
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability,
            "message": finding.fix.message,
            "edits": [
                {
                    "location": {"line": e.span.start.line, "column": e.span.start.column},
                    "end_location": {"line": e.span.end.line, "column": e.span.end.column},
                    "content": e.text,
                }
                for e in finding.fix.edits
            ],
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "detail": finding.detail,
        "path": finding.path,
        "location": {"line": start.line, "column": start.column},
        "end_location": {"line": end.line, "column": end.column},
        "url": finding.url,
        "fix": fix,
        "fingerprint": finding.fingerprint,
    }


def json_document(result: RunResult) -> str:
    counts = result.counts()
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "reportlint", "version": result.version},
        "findings": [finding_object(f) for f in result.findings],
        "summary": {
            "files": len(result.files),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
        },
    }
    return dumps(document)


def json_lines(result: RunResult) -> str:
    """One finding object per line, no envelope (for streaming and ``jq -c``)."""
    return "".join(dumps(finding_object(f), indent=None) for f in result.findings)


# json escapes C0 controls; DEL and the C1 controls (0x9b is a terminal's CSI) are escaped too.
_MORE_CONTROLS = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def dumps(value: Any, indent: int | None = 2) -> str:
    """UTF-8 friendly JSON and a newline, with no control character of a report left raw."""
    return json.dumps(value, indent=indent, ensure_ascii=False).translate(_MORE_CONTROLS) + "\n"
