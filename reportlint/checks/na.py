"""RL2xx: "N/A" values that do not say why."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, rule

_BARE_NA = re.compile(r"(?i)\A\s*(?P<na>n/a|n\.a\.|not applicable)\s*[.]?\s*")


@rule(code="RL201", name="na-without-justification", summary="'N/A' must say why it does not apply", severity=Severity.WARNING, tags=("na",))
def na_without_justification(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags fields whose whole value is "N/A" with no reason given.

    ## Why is this bad?
    A bare "N/A" cannot be told apart from "not investigated". Reviewers need the reason.

    ## Example
    ```markdown
    - **Root cause:** N/A
    ```
    Use instead:
    ```markdown
    - **Root cause:** N/A (upstream provider outage, see OPS-812)
    ```
    """
    for found in doc.fields:
        match = _BARE_NA.fullmatch(found.value)
        if match:
            yield ctx.finding(found.value_span_of(match.start("na"), match.end("na")), f'"{found.name}" is "{match.group("na")}" with no reason given')


RULES = (na_without_justification,)
