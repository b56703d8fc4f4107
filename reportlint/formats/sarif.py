"""``sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Columns are UTF-16 code units, SARIF's default ``columnKind``. ``partialFingerprints``
carries the finding's fingerprint; ``upload-sarif`` adds GitHub's own line hash.
"""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from reportlint._docs import docstring_section
from reportlint._finding import Finding, Severity
from reportlint._registry import Rule
from reportlint.formats import HOMEPAGE, Region, RunResult
from reportlint.formats.json_ import dumps

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "reportlintFingerprint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path as a percent-encoded URI reference; an absolute one as a ``file:`` URI."""
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return "file://" + quote(path)
    return quote(path)


def _description(rule: Rule) -> str:
    """The first paragraph of "What it does", else the summary."""
    first = docstring_section(rule.doc, "What it does").strip().split("\n\n")[0]
    return " ".join(first.split()) or rule.summary


def _descriptor(rule: Rule) -> dict[str, Any]:
    help_text = rule.doc or rule.summary
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _description(rule)},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": _LEVELS[rule.severity], "enabled": rule.default_enabled},
        "properties": {"tags": list(rule.tags)},
    }
    if rule.url:
        descriptor["helpUri"] = rule.url
    return descriptor


def _region(region: Region) -> dict[str, int]:
    return {"startLine": region.line, "startColumn": region.column, "endLine": region.end_line, "endColumn": region.end_column}


def _result(finding: Finding, index: int, result: RunResult) -> dict[str, Any]:
    uri = artifact_uri(finding.path)
    sarif_result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": _region(result.region(finding, "utf-16")),
            },
        }],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.detail:
        sarif_result["properties"] = {"detail": finding.detail}
    if finding.fix is not None:
        sarif_result["fixes"] = [{
            "description": {"text": finding.fix.message},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [
                    {"deletedRegion": _region(result.convert(finding.path, edit.span, "utf-16")), "insertedContent": {"text": edit.text}}
                    for edit in finding.fix.edits
                ],
            }],
        }]
    return sarif_result


def sarif_log(result: RunResult) -> str:
    rules = list(result.rules)
    indices = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = [_descriptor(rule) for rule in rules]
    results = []
    for finding in result.findings:
        if finding.code not in indices:  # a finding of a rule the run did not list (engine findings)
            indices[finding.code] = len(descriptors)
            descriptors.append({"id": finding.code, "name": finding.name, "shortDescription": {"text": finding.name}})
        results.append(_result(finding, indices[finding.code], result))
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "reportlint",
                    "version": result.version,
                    "semanticVersion": result.version,
                    "informationUri": HOMEPAGE,
                    "rules": descriptors,
                },
            },
            "invocations": [{"executionSuccessful": result.errors == 0}],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    }
    return dumps(log)
