"""ACME1xx: keep internal host names out of reports that leave the company."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

_INTERNAL_HOST = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.corp\.acme\.example\b", re.IGNORECASE)


@rule(
    code="ACME101",
    name="internal-hostname",
    summary="Reports must not name internal hosts",
    severity=Severity.ERROR,
    tags=("acme", "confidentiality"),
    options={"allowed": []},
)
def internal_hostname(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags host names under `corp.acme.example` in the report's prose.

    ## Why is this bad?
    Reports are shared with customers and regulators; internal host names map our network.

    ## Example
    ```markdown
    The attacker reached db-7.corp.acme.example on Tuesday.
    ```
    Use instead:
    ```markdown
    The attacker reached a production database server on Tuesday.
    ```

    ## Options
    - `allowed`: host names that may appear (public-facing aliases).
    """
    allowed = {name.lower() for name in ctx.options["allowed"]}
    for sentence in doc.sentences:
        for match in _INTERNAL_HOST.finditer(sentence.prose):
            if match.group().lower() not in allowed:
                yield ctx.finding(sentence.span_of(*match.span()), f'internal host name "{match.group()}" in a shared report')


RULES = (internal_hostname,)
