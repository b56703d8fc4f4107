from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, Option, RuleContext, SectionSpec, Severity, rule, shorten
from reportlint.checks.structure._outline import empty_sections, stands_for

MAY_BE_EMPTY = Option([], schema={"type": "array", "items": {"type": "string", "minLength": 1}})


@rule(code="RL103", name="empty-section", summary="A heading must be followed by content", severity=Severity.WARNING, tags=("structure",),
      options={"may-be-empty": MAY_BE_EMPTY})
def empty_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading with no content (no paragraph, list, table, code or sub-heading)
    before the next heading of the same or a higher level. An HTML comment alone is not
    content, and a footnote or link reference definition standing under the heading is
    (a References section of definitions only). A heading with no text (an image) is not checked, nor one
    that states a value itself ("## ATT&CK Group ID: G0016"): it is a field written as a
    heading, nor one that is body text: a whole sentence (RL107 reports that misuse) or a
    paragraph of several lines over a `---` rule, which Markdown reads as a heading.

    The heading right after decides too. The section is not empty when that heading is
    really content set as a heading (an image, often an image line over a `---` rule, or
    body text as above), nor when it opens a table of
    contents ("Contents", "Table of contents"), or of a higher level right after the
    report's first heading: the section is then the report's title.

    A section the template lets stay empty (`may-be-empty`) is not reported. A name there
    stands for a section of the profile when it is one's id, title or alias (its other names,
    and its concept, then count too), else for the headings with its words. A profile learned by
    `reportlint profile learn` lists the sections its team leaves empty in more than
    `1 - min-share` of the reports that have them ("Other References", when half the reports
    have none); a section the team fills in at least `min-share` of them is still reported.

    ## Why is this bad?
    An empty section looks like an unfinished template: the reader cannot tell whether
    there was nothing to say or the author forgot. If nothing applies, say why.

    ## Example
    ```markdown
    ## Impact
    ## Timeline
    - 10:02 UTC alert fired
    ```
    Use instead:
    ```markdown
    ## Impact
    No customer-facing impact: the failover absorbed all traffic.
    ## Timeline
    - 10:02 UTC alert fired
    ```

    ## Options
    - `may-be-empty`: sections the template lets stay empty (headings, or profile section ids).
    """
    allowed = [_spec(name, ctx) for name in ctx.options.get("may-be-empty", ())]
    for section in empty_sections(doc):
        if not any(stands_for(section.title, spec) for spec in allowed):
            yield ctx.finding(section.title_span, f'Section "{shorten(section.title)}" is empty')


def _spec(name: str, ctx: RuleContext) -> SectionSpec:
    """The profile section ``name`` stands for (by id, title or alias), else one titled ``name``."""
    return ctx.profile.section(name) or ctx.profile.spec_for(name) or SectionSpec(id="may-be-empty", title=name)
