"""The suppression rules are reported by the engine's suppression pass, not by a check."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext


def reported_by_suppression_pass(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Nothing to check per document: ``reportlint._suppress`` reports these after every rule ran."""
    return iter(())
