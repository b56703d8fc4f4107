"""RL4xx: claims without support."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

_HEDGE = re.compile(r"(?i)\b(?:likely|probably|possibly|potentially|presumably|apparently|(?:may|might|could) have|appears? to|seems? to)\b")


@rule(code="RL401", name="speculative-claim", summary="A hedged statement needs evidence or a stated basis", severity=Severity.WARNING, tags=("claims",))
def speculative_claim(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags hedged statements ("likely", "possibly", "may have") in sentences that carry no
    link, footnote or citation.

    ## Why is this bad?
    A hedge presents a guess in the voice of a finding. Readers cannot tell which parts of
    the report were observed and which were assumed.

    ## Example
    ```markdown
    The attacker likely used stolen credentials.
    ```
    Use instead:
    ```markdown
    The attacker used stolen credentials (VPN logs, 2024-05-11 02:14 UTC).
    ```
    """
    for sentence in doc.sentences:
        if sentence.block == "heading" or sentence.links or sentence.footnotes:
            continue
        match = _HEDGE.search(sentence.prose)
        if match:
            rest = sentence.text[match.end(): match.end() + 20].strip()
            yield ctx.finding(sentence.span_of(*match.span()), f'speculative claim ("{match.group()} {rest} ...") with no evidence')


RULES = (speculative_claim,)
