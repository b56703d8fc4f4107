"""Stable finding ids that survive edits elsewhere in the file (baselines, GitLab, SARIF)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from reportlint._finding import Finding
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


def _sha256() -> Callable[[bytes], Any]:
    """SHA-256 from the interpreter's own module when there is one, else from hashlib.

    ``import hashlib`` loads OpenSSL: 11 M instructions, more than a tenth of what a one-file
    ``check --no-cache`` costs beyond ``import click, markdown_it``, for one short digest per
    finding. CPython's built-in ``_sha256`` (``_sha2`` from 3.12), which hashlib itself falls
    back to, gives the same digests. Imported on first use: a run without findings needs none.
    """
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - Python 3.12+ (_sha2), or another interpreter
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment,unused-ignore]
    return sha256


def with_fingerprints(findings: Sequence[Finding], index: LineIndex) -> list[Finding]:
    """sha256 of (code, path, subject, occurrence of that pair in the file); see :func:`subject`."""
    if not findings:
        return []
    sha256 = _sha256()
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
