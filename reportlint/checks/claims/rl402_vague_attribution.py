"""RL402 vague-attribution: an attribution must name a source a reader can check."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, lazy_regex, rule
from reportlint.checks.claims._evidence import PROVIDERS, evidence, scope_option, supported
from reportlint.checks.claims._phrases import find, phrase_lists
from reportlint.checks.claims._sections import REFERENCE_SECTIONS
from reportlint.checks.claims._statements import claim_sentences


@rule(
    code="RL402", name="vague-attribution", summary="An attribution must name a source a reader can check",
    severity=Severity.WARNING, tags=("claims",),
    options={**builtin_pack_options("base", "RL402"), "evidence-scope": scope_option("sentence"), "reference-sections": list(REFERENCE_SECTIONS)},
)
def vague_attribution(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags vague attributions ("according to analysts", "experts say", "sources indicate",
    "it is believed", "it is widely reported", "research has shown", "reportedly") in
    sentences that carry no link, footnote or citation. "is reported to" and the like count
    only before a verb ("is reported to affect 3.x"), not before a recipient ("is reported to
    the vendor"), and a citation anywhere in their paragraph supports them; contracted forms
    count too ("it's thought that").

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
    for sentence, text, _kind, words in claim_sentences(ctx, needing=(phrases,)):
        found = [m for m in find(text, words, phrases) if not _reported_to_recipient(text, m)]
        if found and not supported(ctx, sentence):
            match = found[0]
            if match.group().lower().endswith(" to") and ctx.analysis(evidence, PROVIDERS).supported(sentence, "paragraph"):
                continue  # "X is reported to ..." in a paragraph that cites its report
            phrase = " ".join(match.group().split())
            yield ctx.finding(sentence.span_of(*match.span()), f'vague attribution ("{phrase}") names no source')


# After "is reported to": a recipient ("to the WG", "to security@example.org", "to Acme"), not
# a verb ("is reported to affect"). A closed-class test of the next word; no tagger.
_RECIPIENT = (  # compiled by lazy_regex: only after "reported to" and the like
    r"\s+(?:(?:a|an|the|this|that|these|those|our|their|its|his|her|my|your|them|us|him|me|it|every|each|all|both"
    r"|some|any|no)\b|[A-Z0-9]|\S*[@.:/]\S)"
)


def _reported_to_recipient(text: str, match: re.Match[str]) -> bool:
    """Whether a phrase ending in "to" is followed by whom something was reported to."""
    return match.group().lower().endswith(" to") and lazy_regex(_RECIPIENT).match(text, match.end()) is not None
