from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Section, Severity, lazy_regex, normalize_title, rule, shorten
from reportlint.checks.structure._outline import is_body_text, own_sections

_HEADING_FIELD = r"\S:\s+\S"  # compiled by lazy_regex: only for empty sections
# Headings of a table of contents: the heading before one is the report's title, not a section.
_CONTENTS = frozenset({"contents", "table of contents", "toc", "in this document", "in this report", "on this page"})


@rule(code="RL103", name="empty-section", summary="A heading must be followed by content", severity=Severity.WARNING, tags=("structure",))
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
    """
    sections = own_sections(doc)
    for position, section in enumerate(sections):
        if not section.title or section.content_blocks or section.children or lazy_regex(_HEADING_FIELD).search(section.title):
            continue
        if is_body_text(section.title):
            continue  # body text set as a heading (RL107 reports a sentence), not a section left empty
        following = sections[position + 1] if position + 1 < len(sections) else None
        if following is not None and (_holds_content(following) or (position == 0 and following.level < section.level)):
            continue  # (the first heading over a higher one is the report's title set at a lower level)
        yield ctx.finding(section.title_span, f'Section "{shorten(section.title)}" is empty')


def _holds_content(heading: Section) -> bool:
    """Whether the heading right after an empty-looking section is really its content, or
    makes it a title: an image or body sentence set as a heading (an image line over
    ``---`` becomes one), or the heading of a table of contents under the report's title."""
    return not heading.title or is_body_text(heading.title) or normalize_title(heading.title) in _CONTENTS
