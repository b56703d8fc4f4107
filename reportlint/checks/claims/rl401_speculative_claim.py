"""RL401 speculative-claim: a hedged statement in a factual section needs evidence or a stated basis."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, rule
from reportlint.checks.claims._evidence import scope_option, supported
from reportlint.checks.claims._phrases import find, phrase_lists
from reportlint.checks.claims._sections import ACTION_SECTIONS, ANALYSIS_SECTIONS, REFERENCE_SECTIONS
from reportlint.checks.claims._statements import claim_sentences, is_possibility, label_view


def _excerpt(text: str, start: int, end: int, words_after: int = 1) -> str:
    """The matched words plus a few following ones, for messages: 'likely involved ...'."""
    following = [w for w in (w.strip(".,;:()") for w in text[end:].split()[:words_after]) if w]
    shown = " ".join([" ".join(text[start:end].split()), *following])
    return f"{shown} ..." if following else shown


_VALUE_START = re.compile(r"[\s\W]*(?:\w+/)?")


@rule(
    code="RL401", name="speculative-claim", summary="A hedged statement in a factual section needs evidence or a stated basis",
    severity=Severity.WARNING, tags=("claims",),
    options={
        **builtin_pack_options("base", "RL401"), "evidence-scope": scope_option("sentence"), "analysis-sections": list(ANALYSIS_SECTIONS),
        "action-sections": list(ACTION_SECTIONS), "reference-sections": list(REFERENCE_SECTIONS),
    },
)
def speculative_claim(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags hedged statements ("likely", "possibly", "may have", "appears to", "believed to") in
    factual sections (Summary, Details, Timeline, Impact, Root Cause, ...) when the sentence
    carries no evidence (a link, footnote, citation or a specific source such as "per the
    firewall logs"), states no basis ("because", "based on", "due to") and no confidence level.

    Bare "may", "might" and "could" describe possibilities in technical prose and do not
    count. Sections that are analysis by nature (Assessment, Key Judgments, Hypotheses, Open
    Questions), recommendations, action items and quoted source material are not checked.

    ## Why is this bad?
    A hedge in a factual section presents a guess in the voice of a finding. Readers cannot
    tell which parts of the report were observed and which were assumed.

    ## Example
    ```markdown
    ## Timeline
    - **Details:** Initial access likely involved stolen VPN credentials.
    ```
    Use instead:
    ```markdown
    ## Timeline
    - **Details:** Initial access used stolen VPN credentials, as recorded in the VPN
      concentrator logs (02:14 UTC).
    ```
    or move the guess to an Assessment section and state its basis or your confidence.

    ## Options
    - `hedges`: phrases that mark a speculative statement.
    - `leading-hedges`: words that count only as the first word of a field value ("Suspected").
    - `exceptions`: phrases containing a hedge that are not one ("more likely").
    - `basis`: phrases that state a basis or a confidence level and so excuse the hedge.
    - `evidence-scope`: where evidence counts: `sentence`, `paragraph` or `item` (whole list item).
    - `analysis-sections`, `action-sections`, `reference-sections`: section titles that are not
      factual (a profile can also set each section's `kind`).
    """
    leading, hedge_terms, exceptions, basis = phrase_lists(ctx, "leading-hedges", "hedges", "exceptions", "basis")
    for sentence, text, _kind, words in claim_sentences(ctx, ("factual",), needing=(hedge_terms, leading)):
        hedges = find(text, words, hedge_terms, exceptions)
        if not hedges and leading is not None and sentence.block != "table_cell":
            for a, b, _ in ctx.analysis(label_view).labels.get(id(sentence.run), ()):
                start = b - sentence.start
                if 0 <= start < len(text):
                    skip = _VALUE_START.match(text, start)
                    hit = leading.pattern.match(text, skip.end() if skip else start)
                    if hit:
                        hedges = [hit]
        hedges = [h for h in hedges if not is_possibility(text, h.start())]
        if not hedges or find(text, words, basis) or supported(ctx, sentence):
            continue
        hedge = hedges[0]
        yield ctx.finding(sentence.span_of(*hedge.span()), f'speculative claim ("{_excerpt(text, *hedge.span())}") with no evidence')
