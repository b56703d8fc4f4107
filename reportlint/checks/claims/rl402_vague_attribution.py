"""RL402 vague-attribution: an attribution must name a source a reader can check."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, rule
from reportlint.checks.claims._evidence import scope_option
from reportlint.checks.claims._phrases import phrase_lists
from reportlint.checks.claims._sections import REFERENCE_SECTIONS
from reportlint.checks.claims._statements import first_unsupported


@rule(
    code="RL402", name="vague-attribution", summary="An attribution must name a source a reader can check",
    severity=Severity.WARNING, tags=("claims",),
    options={**builtin_pack_options("base", "RL402"), "evidence-scope": scope_option("sentence"), "reference-sections": list(REFERENCE_SECTIONS)},
)
def vague_attribution(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags vague attributions ("according to analysts", "experts say", "sources indicate",
    "it is believed", "it is widely reported", "research has shown", "reportedly") in
    sentences that carry no link, footnote or citation.

    ## Why is this bad?
    A vague attribution borrows authority without giving the reader anything to check. It
    often hides that the claim comes from a single unnamed article, or from nowhere.

    ## Example
    ```markdown
    According to analysts, the group has targeted over 40 hospitals.
    ```
    Use instead:
    ```markdown
    According to the HHS HC3 sector alert of 2024-03-02[^hc3], the group has targeted 41 hospitals.
    ```

    ## Options
    - `phrases`: the vague attributions.
    - `evidence-scope`: `sentence`, `paragraph` or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    """
    (phrases,) = phrase_lists(ctx, "phrases")
    for sentence, match in first_unsupported(ctx, phrases):
        phrase = " ".join(match.group().split())
        yield ctx.finding(sentence.span_of(*match.span()), f'vague attribution ("{phrase}") names no source')
