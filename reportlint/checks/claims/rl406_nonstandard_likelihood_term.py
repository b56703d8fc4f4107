"""RL406 nonstandard-likelihood-term: assessments should use the ICD 203 likelihood terms."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Edit, Finding, Fix, RuleContext, Severity, Span, builtin_pack_options, normalize_title, rule
from reportlint.checks.claims._phrases import find, phrase_lists
from reportlint.checks.claims._sections import ASSESSMENT_SECTIONS
from reportlint.checks.claims._statements import claim_sentences


@rule(
    code="RL406", name="nonstandard-likelihood-term", summary="Assessments should use the ICD 203 likelihood terms",
    severity=Severity.INFO, tags=("claims", "icd-203"), fix="sometimes",
    options={**builtin_pack_options("base", "RL406"), "assessment-sections": list(ASSESSMENT_SECTIONS)},
)
def nonstandard_likelihood_term(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    In analysis sections (Assessment, Key Judgments, ...), reports likelihood words that are
    not on the ICD 203 scales: "highly likely", "possibly", "perhaps", "a good chance".

    ## Why is this bad?
    Readers map the ICD 203 terms to known probability ranges ("likely" is 55-80 %).
    Other words have no agreed range, so two readers take different odds from them.

    ## Example
    ```markdown
    ## Assessment
    The group is highly likely to target the energy sector again.
    ```
    Use instead:
    ```markdown
    ## Assessment
    The group is very likely to target the energy sector again.
    ```

    ## Options
    - `terms`: likelihood words that are not on the ICD 203 scales.
    - `assessment-sections`: titles of the sections that state judgments. Other analysis
      sections (Hypotheses, Open Questions) may use looser words.

    ## Fix safety
    Only a term with one certain ICD 203 counterpart gets a fix ("highly likely" becomes
    "very likely", "highly unlikely" "very unlikely"): the scale names the same range.
    "Possibly" or "a good chance" could mean several ranges; the writer picks the term.

    ## References
    - ICD 203, Analytic Standards, section D.6.e(2)(a), Office of the Director of National Intelligence.
    """
    titles = {normalize_title(t) for t in ctx.options["assessment-sections"]}
    (terms,) = phrase_lists(ctx, "terms")
    assessed: dict[int, bool] = {}
    for sentence, text, _kind, words in claim_sentences(ctx, ("factual", "analysis"), needing=(terms,)):
        if id(sentence.section) not in assessed:
            node = sentence.section
            while node is not None and normalize_title(node.title) not in titles:
                node = node.parent if node.parent is not None and node.parent.level > 1 else None
            assessed[id(sentence.section)] = node is not None
        if not assessed[id(sentence.section)]:
            continue
        for match in find(text, words, terms):
            span = sentence.span_of(*match.span())
            yield ctx.finding(span, f'"{match.group()}" is not an ICD 203 likelihood term', fix=_icd_term(doc, match.group(), span))


# Non-standard terms whose ICD 203 range is certain: the same word ("likely") made stronger.
_CERTAIN = {"highly likely": "very likely", "highly unlikely": "very unlikely"}


def _icd_term(doc: Document, found: str, span: Span) -> Fix | None:
    """The rewrite to the ICD 203 term, where only one term fits; the first letter's case kept.
    None when the flagged source is not just the words (markup inside, such as "highly *likely*")."""
    term = _CERTAIN.get(" ".join(found.lower().split()))
    if term is None:
        return None
    index = doc.index
    start = index.line_start(span.start.line - 1) + span.start.column - 1
    end = index.line_start(span.end.line - 1) + span.end.column - 1
    if doc.text[start:end] != found:
        return None
    if found[:1].isupper():
        term = term[:1].upper() + term[1:]
    return Fix("safe", f'replace "{found}" with "{term}" (ICD 203)', (Edit(span, term),))
