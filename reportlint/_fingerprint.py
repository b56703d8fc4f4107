"""Stable finding ids that survive edits elsewhere in the file (baselines, GitLab, SARIF)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlint._finding import Finding
from reportlint._hashes import sha256
from reportlint._positions import LineIndex


def flagged_text(finding: Finding, index: LineIndex) -> str:
    """The whitespace-normalised source text under the finding's span."""
    start = index.line_start(finding.span.start.line - 1) + finding.span.start.column - 1
    end = index.line_start(finding.span.end.line - 1) + finding.span.end.column - 1
    return " ".join(index.text[start:end].split())


def subject(finding: Finding, index: LineIndex) -> str:
    """What a finding is about: its flagged text, or its message and detail when it flags no text.

    A finding about the whole report (a missing section or field) has an empty span at line 1,
    column 1; without its words every such finding of one rule would share one subject, and a
    baseline that accepts a missing "Date" would also accept a newly missing "Authors"."""
    text = flagged_text(finding, index)
    if text:
        return text
    return "\0".join(("", " ".join(finding.message.split()), " ".join((finding.detail or "").split())))


def with_fingerprints(findings: Sequence[Finding], index: LineIndex) -> list[Finding]:
    """sha256 of (code, path, subject, occurrence of that pair in the file); see :func:`subject`."""
    if not findings:
        return []
    seen: Counter[tuple[str, str]] = Counter()
    stamped = []
    for finding in findings:
        text = subject(finding, index)
        key = (finding.code, text)
        occurrence = seen[key]
        seen[key] += 1
        digest = sha256("\0".join((finding.code, finding.path, text, str(occurrence))).encode()).hexdigest()
        stamped.append(finding.with_fingerprint(digest[:32]))
    return stamped
