"""RL404 vague-quantity: a vague figure ("over 300,000", "dozens of") needs a source."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, rule
from reportlint.checks.claims._evidence import scope_option, supported
from reportlint.checks.claims._phrases import find, phrase_lists
from reportlint.checks.claims._sections import REFERENCE_SECTIONS
from reportlint.checks.claims._statements import claim_sentences, is_possibility


_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen half"
).split()
_NUMBER = re.compile(
    r"\s+(?P<number>(?:\$|€|£)?\d[\d,]*(?:\.\d+)?(?!\d|[.,:/-]\d)|a\s+(?:dozen|hundred|thousand|million|billion|third|quarter|half)|"
    + "|".join(_NUMBER_WORDS)
    + r")(?P<scale>\s*(?:%|percent|per\s+cent)|(?:\s+|-)?(?:thousand|million|billion|trillion|k|m|bn)\b)?(?:\s+(?P<unit>[A-Za-z]+\.?))?",
    re.IGNORECASE,
)
_SMALL = frozenset({"1", "2", "one", "two", "half"})


@rule(
    code="RL404", name="vague-quantity", summary="A vague figure (\"over 300,000\", \"dozens of\") needs a source",
    severity=Severity.WARNING, tags=("claims",),
    options={**builtin_pack_options("base", "RL404"), "evidence-scope": scope_option("paragraph"), "reference-sections": list(REFERENCE_SECTIONS)},
)
def vague_quantity(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags quantitative claims made with a vague quantifier ("over 300,000", "more than a
    dozen", "at least nine", "around 4 million", "roughly 40%", "dozens of") when neither the
    sentence nor its paragraph carries evidence. Exact figures ("212 workstations") are not
    findings, and neither are approximate durations and sizes ("about 40 minutes"), counts
    below three ("at least one") or version numbers.

    ## Why is this bad?
    A rounded, hedged figure is usually copied from somewhere. Without the source, readers
    cannot tell an estimate from a measurement, or check which figure was rounded.

    ## Example
    ```markdown
    The breach exposed over 300,000 customer records.
    ```
    Use instead:
    ```markdown
    The breach exposed 312,448 customer records (export audit, ticket SEC-1182).
    ```

    ## Options
    - `quantifiers`: words that make the following number vague.
    - `amounts`: phrases that are vague amounts by themselves ("dozens of").
    - `exempt-units`: units after the number that make it an operational measurement.
    - `evidence-scope`: `sentence`, `paragraph` (default) or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    """
    exempt = {u.lower().rstrip(".") for u in ctx.options["exempt-units"]}
    quantifiers, amount_terms = phrase_lists(ctx, "quantifiers", "amounts")
    for sentence, text, _kind, words in claim_sentences(ctx, needing=(quantifiers, amount_terms)):
        hit: tuple[int, int] | None = None
        for match in find(text, words, quantifiers):
            if is_possibility(text, match.start()):
                continue
            number = _NUMBER.match(text, match.end())
            if number is None or number.group("number").lower() in _SMALL:
                continue
            unit = (number.group("unit") or "").lower().rstrip(".")
            if unit in exempt and not number.group("scale"):
                continue
            hit = (match.start(), number.end("scale") if number.group("scale") else number.end("number"))
            break
        if hit is None:
            amounts = [m for m in find(text, words, amount_terms) if not is_possibility(text, m.start())]
            hit = (amounts[0].start(), amounts[0].end()) if amounts else None
        if hit is not None and not supported(ctx, sentence):
            shown = " ".join(text[hit[0]:hit[1]].split())
            yield ctx.finding(sentence.span_of(*hit), f'vague quantity ("{shown}") with no source')
