"""RL407 no-source-cited: a report that makes factual claims must cite at least one source."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule
from reportlint.checks.claims._evidence import PROVIDERS, evidence
from reportlint.checks.claims._sections import REFERENCE_SECTIONS
from reportlint.checks.claims._statements import claim_sentences


@rule(
    code="RL407", name="no-source-cited", summary="A report that makes factual claims must cite at least one source",
    severity=Severity.WARNING, tags=("claims",), default_enabled=False,
    options={"min-claims": 3, "reference-sections": list(REFERENCE_SECTIONS)},
)
def no_source_cited(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports, once per document, a report that makes factual claims but cites no source at all:
    no link, no footnote, no citation, no References or Sources section, no source in the
    front matter and no specific internal source ("per the firewall logs"). An embedded
    excerpt of the source does not count: it does not say where the original is.

    Off by default; the `incident` and `threat-intel` profiles turn it on (reports about
    events known second-hand). In postmortems the team's own observations are the source.

    ## Why is this bad?
    A reader cannot check any claim in a report that never says where its facts come from.

    ## Example
    ```markdown
    # Ransomware attack on a regional hospital
    ## Summary
    The hospital's systems were encrypted on 3 May. Patients were diverted for four days.
    ```
    Use instead:
    ```markdown
    # Ransomware attack on a regional hospital
    ## Summary
    The hospital's systems were encrypted on 3 May[^1]. Patients were diverted for four days.

    [^1]: Hospital press statement, 2024-05-04, https://example.org/statement
    ```

    ## Options
    - `min-claims`: sentences in factual sections a report needs before this rule applies.
    - `reference-sections`: section titles that list sources.
    """
    claims = claim_sentences(ctx)
    statements = [sentence for sentence, _text, _kind, _words in claims]
    factual = sum(1 for _sentence, _text, kind, _words in claims if kind == "factual")
    if factual >= ctx.options["min-claims"] and not ctx.analysis(evidence, PROVIDERS).cites_any_source(statements, ctx.options["reference-sections"]):
        yield ctx.finding(doc.top_span(), "Report cites no source: add a link, footnote or References section for its claims")
