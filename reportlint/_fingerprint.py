"""Stable finding ids that survive edits elsewhere in the file (baselines, GitLab, SARIF)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlint._finding import Finding
from reportlint._positions import LineIndex


def flagged_text(finding: Finding, index: LineIndex) -> str:
    """The whitespace-normalised source text under the finding's span."""
    start = index.line_start(finding.span.start.line - 1) + finding.span.start.column - 1
    end = index.line_start(finding.span.end.line - 1) + finding.span.end.column - 1
    return " ".join(index.text[start:end].split())


def with_fingerprints(findings: Sequence[Finding], index: LineIndex) -> list[Finding]:
    """sha256 of (code, path, flagged text, occurrence of that pair in the file)."""
    if not findings:
        return []
    import hashlib  # here, not at start-up: loading OpenSSL is wasted when no file has findings

    seen: Counter[tuple[str, str]] = Counter()
    stamped = []
    for finding in findings:
        text = flagged_text(finding, index)
        key = (finding.code, text)
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join((finding.code, finding.path, text, str(occurrence))).encode()).hexdigest()
        stamped.append(finding.with_fingerprint(digest[:32]))
    return stamped
