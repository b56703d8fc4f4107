from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule, shorten
from reportlint.checks.structure._outline import SENTENCE_MIN_WORDS, own_sections, sentence_words


@rule(
    code="RL107",
    name="heading-as-sentence",
    summary="A heading must be a title, not a sentence",
    severity=Severity.INFO,
    tags=("structure",),
    since="0.2.0",
    options={"min-words": SENTENCE_MIN_WORDS},
)
def heading_as_sentence(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading that is a whole sentence ending in a period: at least `min-words`
    words, the heading's numbering ("2.1.") not counted. A heading ending in an
    abbreviation or a version ("Inc.", "etc.", "No.", "v1.2."), in an ellipsis, or in
    any other mark (a question, a colon) is not reported, nor is a short title with a
    stray period ("Lessons learned.").

    ## Why is this bad?
    A sentence set as a heading is a paragraph in the outline: the table of contents
    fills with prose, the section it opens has no name to find or link, and the
    statement itself is shown in large type without the evidence around it.

    ## Example
    ```markdown
    ## The attacker then moved laterally to the database server.
    ```
    Use instead:
    ```markdown
    ## Lateral movement
    The attacker then moved laterally to the database server.
    ```

    ## Options
    - `min-words`: the fewest words, numbering not counted, that make a heading ending in a period a sentence.
    """
    min_words = ctx.options["min-words"]
    for section in own_sections(doc):
        words = sentence_words(section.title)
        if words is not None and len(words) >= min_words:
            yield ctx.finding(section.title_span, f'Heading "{shorten(section.title)}" is a sentence, not a title', detail=f"Expected: a short title; Actual: a sentence of {len(words)} words")
