"""The report's own outline, shared by the structure rules."""
from __future__ import annotations

from reportlint.api import Document, RuleContext, Section, SectionSpec


def own_sections(doc: Document) -> list[Section]:
    """The report's own sections, in document order (headings in source material left out)."""
    return [s for s in doc.sections if not doc.in_source_material(s.span.start)]


def is_blank(doc: Document) -> bool:
    """An empty file: nothing is missing from a report not yet written."""
    return not doc.text.strip()


def profile_sections(doc: Document, ctx: RuleContext) -> list[tuple[Section, SectionSpec]]:
    """Sections the profile knows (the title heading excepted), with their spec."""
    pairs = []
    for section in own_sections(doc):
        spec = ctx.profile.spec_for(section)
        if spec is not None and section is not doc.title:
            pairs.append((section, spec))
    return pairs
