from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, heading_words, normalize_title, rule
from reportlint.checks.dates._options import REPORT_LABELS
from reportlint.checks.dates._report_date import report_dating
from reportlint.checks.structure._outline import is_blank


@rule(code="RL110", name="missing-required-field", summary="A field the profile requires is missing", severity=Severity.WARNING, tags=("structure", "profile"))
def missing_required_field(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports each field the profile requires (such as `Date`, `Authors` or `Status` in
    the `postmortem-sre` profile) that the report states nowhere: not as a `Label: value`
    line, a two-column table row, nor a front-matter key. Labels match ignoring case,
    punctuation and a plural "s" (front matter `author:` states "Authors"), and the profile
    may accept other labels for a field. A date field (`Date`, `Incident Date`, ...) is also
    stated by the report's date as the dates rules read it (front-matter `date`, a Report
    Date / Published / Updated field, and a full date in the H1 title, e.g. "# Checkout outage,
    May 2, 2024" or "# Checkout outage (May 2024)").
    The finding points at line 1, column 1.

    ## Why is this bad?
    Header fields are what indexes, dashboards and reviewers read first. A post-mortem
    without an owner or a status cannot be followed up.

    ## Example
    With `--profile postmortem-sre`:
    ```markdown
    # Checkout outage
    **Date:** 2024-05-02
    ```
    Use instead:
    ```markdown
    # Checkout outage
    **Date:** 2024-05-02
    **Authors:** J. Doe
    **Status:** Complete, action items in progress
    ```
    """
    if is_blank(doc):
        return
    own = [f for f in doc.fields if f.source == "front-matter" or not doc.in_source_material(f.span.start)]
    labels = {normalize_title(f.name) for f in own}
    words = {heading_words(f.name) for f in own} - {()}
    for name in ctx.profile.fields:
        names = ctx.profile.field_names(name)
        if labels & {normalize_title(n) for n in names} or words & {heading_words(n) for n in names}:
            continue
        if _is_date_field(names) and _report_is_dated(ctx, names):
            continue
        yield ctx.finding(doc.top_span(), f'Missing required field "{name}"')


def _is_date_field(names: tuple[str, ...]) -> bool:
    return any(heading_words(n)[-1:] == ("date",) for n in names)


def _report_is_dated(ctx: RuleContext, names: tuple[str, ...]) -> bool:
    """The dates family's report date: front matter, a report-date field, a dated path, the
    header block, the H1 title or the opening sentence."""
    labels = tuple(dict.fromkeys((*REPORT_LABELS["report-date-labels"], *(n.casefold() for n in names))))
    return ctx.analysis(report_dating, labels) is not None
