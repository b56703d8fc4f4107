"""RL405 inconsistent-estimative-language: likelihood terms must come from one scale and not be mixed with confidence levels."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, rule
from reportlint.checks.claims._phrases import find, phrase_lists
from reportlint.checks.claims._sections import REFERENCE_SECTIONS
from reportlint.checks.claims._statements import claim_sentences


@rule(
    code="RL405", name="inconsistent-estimative-language", summary="Likelihood terms must come from one scale and not be mixed with confidence levels",
    severity=Severity.WARNING, tags=("claims", "icd-203"),
    options={**builtin_pack_options("base", "RL405"), "reference-sections": list(REFERENCE_SECTIONS)},
)
def inconsistent_estimative_language(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Applies the ICD 203 rules for estimative language to each sentence:
    - terms from both likelihood scales in one sentence ("almost certainly ... probably");
    - a confidence level and a likelihood term in one sentence ("we assess with high
      confidence that the actor is likely ...").

    Words with everyday technical meanings ("remote", "improbable") count only in estimative
    phrases ("a remote chance", "it is improbable that").

    ## Why is this bad?
    ICD 203 defines two equivalent likelihood scales (almost no chance ... almost certain, and
    remote ... nearly certain). Mixing them in one sentence makes the relative strength of the
    judgments unclear. Likelihood is about the event, confidence about the evidence behind the
    judgment: in one sentence they read as one number and get confused.

    ## Example
    ```markdown
    The actor almost certainly used the loader and probably deployed ransomware.
    We assess with high confidence that the actor is likely to return.
    ```
    Use instead:
    ```markdown
    The actor almost certainly used the loader and likely deployed ransomware.
    The actor is likely to return. We have high confidence in this judgment, based on ...
    ```

    ## Options
    - `scale-a`, `scale-b`: the two ICD 203 likelihood scales.
    - `confidence-levels`: phrases stating a confidence level.
    - `exceptions`: phrases containing a scale term that are not estimative ("more likely").
    - `reference-sections`: section titles listing sources (not checked).

    ## References
    - ICD 203, Analytic Standards, section D.6.e(2)(a), Office of the Director of National Intelligence.
    """
    terms_a, terms_b, exceptions, levels = phrase_lists(ctx, "scale-a", "scale-b", "exceptions", "confidence-levels")
    for sentence, text, _kind, words in claim_sentences(ctx, needing=(terms_a, terms_b)):
        scale_a, scale_b = find(text, words, terms_a, exceptions), find(text, words, terms_b, exceptions)
        if scale_a and scale_b:
            second = max(scale_a[0], scale_b[0], key=lambda m: m.start())
            first = min(scale_a[0], scale_b[0], key=lambda m: m.start())
            yield ctx.finding(
                sentence.span_of(*second.span()),
                f'likelihood terms from two ICD 203 scales ("{first.group()}", "{second.group()}") in one sentence',
            )
            continue
        terms = sorted(scale_a + scale_b, key=lambda m: m.start())
        confidence = find(text, words, levels)
        if terms and confidence:
            yield ctx.finding(
                sentence.span_of(*terms[0].span()),
                f'confidence level ("{confidence[0].group()}") and likelihood ("{terms[0].group()}") in one sentence',
            )
