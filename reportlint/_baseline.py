"""Baselines for adopting reportlint on existing reports: accept today's findings, gate new ones.

A baseline file lists finding fingerprints (code, path, normalised flagged text and the
occurrence index of that pair in the file; see ``_fingerprint.py``), so an accepted finding
stays accepted when lines are inserted above it. Paths are relative to the directory
reportlint runs in: write and use a baseline from the same directory.
"""
from __future__ import annotations

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
    stale: list[dict[str, object]]  # baseline entries for linted files that matched no finding


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
    """Drop baselined findings; list the entries of the linted files that no longer match.

    An entry matches a finding with its fingerprint. A finding about the whole report (empty
    span: a missing section or field) is fingerprinted with its message; baselines written
    before that recorded such findings with one fingerprint per rule and file, so an entry
    that matched nothing also matches such a finding of the same rule, file and message, and
    accepts no other."""
    unmatched = list(range(len(entries)))
    by_fingerprint: dict[str, list[int]] = {}
    for index in unmatched:
        by_fingerprint.setdefault(str(entries[index]["fingerprint"]), []).append(index)
    used: set[int] = set()
    kept: list[Finding] = []
    for finding in findings:
        waiting = by_fingerprint.get(finding.fingerprint)
        if waiting:
            used.add(waiting.pop(0))
        else:
            kept.append(finding)
    if len(used) < len(entries) and any(f.span.start == f.span.end for f in kept):
        by_message: dict[tuple[object, object, object], list[int]] = {}
        for index in unmatched:
            if index not in used:
                entry = entries[index]
                by_message.setdefault((entry.get("code"), entry.get("path"), entry.get("message")), []).append(index)
        still: list[Finding] = []
        for finding in kept:
            waiting = by_message.get((finding.code, finding.path, finding.message)) if finding.span.start == finding.span.end else None
            if waiting:
                used.add(waiting.pop(0))
            else:
                still.append(finding)
        kept = still
    linted_paths = set(linted)
    stale = [entries[i] for i in unmatched if i not in used and entries[i].get("path") in linted_paths]
    return BaselineResult(kept, len(used), stale)


def describe_stale(stale: Sequence[dict[str, object]], limit: int = 20) -> list[str]:
    """The note on stderr naming baseline entries that no longer match, one per line."""
    count = len(stale)
    lines = [
        f"reportlint: {count} baseline {'entry' if count == 1 else 'entries'} no longer "
        f"{'matches' if count == 1 else 'match'} (fixed or changed); rewrite the baseline with --write-baseline to drop "
        f"{'it' if count == 1 else 'them'}:"
    ]
    for entry in stale[:limit]:
        lines.append(f"  {entry.get('path')}:{entry.get('line', '?')}: {entry.get('code', '?')} {entry.get('message', '')}")
    if count > limit:
        lines.append(f"  ... and {count - limit} more")
    return lines
