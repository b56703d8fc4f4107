"""RL408 absolute-claim: absolute claims ("always", "never", "impossible") rarely hold."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, rule
from reportlint.checks.claims._evidence import scope_option
from reportlint.checks.claims._phrases import phrase_lists
from reportlint.checks.claims._sections import REFERENCE_SECTIONS
from reportlint.checks.claims._statements import first_unsupported


@rule(
    code="RL408", name="absolute-claim", summary="Absolute claims (\"always\", \"never\", \"impossible\") rarely hold",
    severity=Severity.WARNING, tags=("claims",), default_enabled=False,
    options={**builtin_pack_options("base", "RL408"), "evidence-scope": scope_option("sentence"), "reference-sections": list(REFERENCE_SECTIONS)},
)
def absolute_claim(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags absolute claims ("always", "never", "guaranteed", "impossible", "all attackers")
    in statements of fact with no evidence. Off by default.

    ## Why is this bad?
    One counter-example disproves an absolute claim, and security claims meet
    counter-examples often. Readers discount the rest of a report that overclaims.

    ## Example
    ```markdown
    The new gateway makes credential stuffing impossible.
    ```
    Use instead:
    ```markdown
    The new gateway blocked all 14,302 credential-stuffing attempts in the May test (SEC-88).
    ```

    ## Options
    - `terms`: the absolute words and phrases.
    - `evidence-scope`: `sentence`, `paragraph` or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    """
    (terms,) = phrase_lists(ctx, "terms")
    for sentence, match in first_unsupported(ctx, terms):
        yield ctx.finding(sentence.span_of(*match.span()), f'absolute claim ("{" ".join(match.group().split())}")')
