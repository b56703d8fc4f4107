"""Baselines for adopting reportlint on existing reports: accept today's findings, gate new ones.

A baseline file lists finding fingerprints (code, path, normalised flagged text and the
occurrence index of that pair in the file; see ``_fingerprint.py``), so an accepted finding
stays accepted when lines are inserted above it. Paths are relative to the directory
reportlint runs in: write and use a baseline from the same directory.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reportlint import __version__
from reportlint._finding import Finding

SCHEMA_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; exit code 2."""


class BaselineResult(NamedTuple):
    findings: list[Finding]  # not in the baseline
    matched: int
    stale: int  # baseline entries for linted files that matched no finding


def write_baseline(path: str, findings: Sequence[Finding]) -> None:
    import json

    from reportlint._atomic import write_output

    entries = [
        {"fingerprint": f.fingerprint, "code": f.code, "path": f.path, "line": f.span.start.line, "message": f.message}
        for f in findings
    ]
    document = {"schema_version": SCHEMA_VERSION, "tool": {"name": "reportlint", "version": __version__}, "findings": entries}
    write_output(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def read_baseline(path: str) -> list[dict[str, object]]:
    import json

    from reportlint._source import InputError, read_file

    try:
        document = json.loads(read_file(path))  # a FIFO, device or huge file is refused, as a report is
    except InputError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {str(exc).removesuffix('; skipped')}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a reportlint baseline (invalid JSON: {exc})") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a reportlint baseline (JSON nested too deeply)") from None
    if not isinstance(document, dict):
        document = {}
    entries = document.get("findings")
    if document.get("schema_version") != SCHEMA_VERSION or not isinstance(entries, list) or not all(_is_entry(e) for e in entries):
        raise BaselineError(f"{path}: not a reportlint baseline (expected schema_version {SCHEMA_VERSION} and a findings list of fingerprints; write one with --write-baseline)")
    return entries


def _is_entry(entry: object) -> bool:
    """A finding as --write-baseline records it: a fingerprint, and a path if any, both strings."""
    return isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str) and isinstance(entry.get("path", ""), str)


def apply_baseline(findings: Iterable[Finding], entries: Sequence[dict[str, object]], linted: Iterable[str]) -> BaselineResult:
    """Drop baselined findings; count entries of the linted files that no longer match."""
    accepted = Counter(str(e["fingerprint"]) for e in entries)
    kept: list[Finding] = []
    matched = 0
    for finding in findings:
        if accepted[finding.fingerprint] > 0:
            accepted[finding.fingerprint] -= 1
            matched += 1
        else:
            kept.append(finding)
    linted_paths = set(linted)
    left = Counter(accepted)
    stale = 0
    for entry in entries:
        fingerprint = str(entry["fingerprint"])
        if left[fingerprint] > 0 and entry.get("path") in linted_paths:
            left[fingerprint] -= 1
            stale += 1
    return BaselineResult(kept, matched, stale)
