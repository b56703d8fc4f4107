"""Engine shortcuts give the same answers as the straightforward code they replace."""
from __future__ import annotations

from dataclasses import fields, replace

from reportlint._finding import Edit, Finding, Fix, Severity
from reportlint._positions import Position, Span


def test_with_fingerprint_copies_every_field() -> None:
    span = Span(Position(1, 2), Position(1, 5))
    fix = Fix("safe", "drop it", (Edit(span, ""),))
    finding = Finding("RL201", "na", Severity.ERROR, "message", "detail", "a.md", span, "https://x", fix)
    assert all(getattr(finding, f.name) != f.default for f in fields(Finding) if f.name != "fingerprint")
    assert finding.with_fingerprint("abc") == replace(finding, fingerprint="abc")
