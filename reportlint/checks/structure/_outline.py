"""The report's own outline, shared by the structure rules."""
from __future__ import annotations

import re

from reportlint.api import Document, RuleContext, Section, SectionSpec, heading_words, is_concept_name, lazy_regex, normalize_title, section_concepts


def own_sections(doc: Document) -> list[Section]:
    """The report's own sections, in document order (headings in source material left out)."""
    return [s for s in doc.sections if not doc.in_source_material(s.span.start)]


# A heading that states a value itself ("## ATT&CK Group ID: G0016"): a field, not a section.
_HEADING_FIELD = r"\S:\s+\S"  # compiled by lazy_regex: only for empty sections
# Headings of a table of contents: the heading before one is the report's title, not a section.
_CONTENTS = frozenset({"contents", "table of contents", "toc", "in this document", "in this report", "on this page"})


def empty_sections(doc: Document) -> list[Section]:
    """The report's sections left empty, as RL103 reads them: a heading with no content (no
    paragraph, list, table, code or sub-heading: a section whose content is its subsections is
    not empty) before the next heading of its level or higher. Not one: a heading with no text
    or stating a value, body text set as a heading, and a section whose next heading is really
    its content (an image or body text set as a heading, a table of contents) or makes it the
    report's title (a first heading over a higher one). ``reportlint profile learn`` counts
    empty sections with this too, so what it learns is what RL103 reports."""
    sections = own_sections(doc)
    empty = []
    for position, section in enumerate(sections):
        if not section.title or section.content_blocks or section.children or lazy_regex(_HEADING_FIELD).search(section.title):
            continue
        if is_body_text(section.title):
            continue  # body text set as a heading (RL107 reports a sentence), not a section left empty
        following = sections[position + 1] if position + 1 < len(sections) else None
        if following is not None and (_holds_content(following) or (position == 0 and following.level < section.level)):
            continue  # (the first heading over a higher one is the report's title set at a lower level)
        empty.append(section)
    return empty


def _holds_content(heading: Section) -> bool:
    """Whether the heading right after an empty-looking section is really its content, or
    makes it a title: an image or body sentence set as a heading (an image line over
    ``---`` becomes one), or the heading of a table of contents under the report's title."""
    return not heading.title or is_body_text(heading.title) or normalize_title(heading.title) in _CONTENTS


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


def stands_for(title: str, spec: SectionSpec) -> bool:
    """Whether a heading stands for a pack section: by its title or an alias (exactly, or
    word for word once numbering, parentheticals, dates and plurals are set aside), or by
    meaning, when the section names a concept and the heading stands for it."""
    if normalize_title(title) in {normalize_title(n) for n in spec.names()}:
        return True
    words = heading_words(title)
    if words and any(words == heading_words(n) for n in spec.names()):
        return True
    return spec.concept is not None and spec.concept in section_concepts(title)


def outline_headings(doc: Document) -> list[Section]:
    """The headings that can stand for a template section: every own heading but the title,
    and the first H1 too when it is only a section's name ("# Summary", "# Adversary
    Overview") rather than the report's title."""
    return [s for s in own_sections(doc) if s is not doc.title or is_concept_name(s.title)]


def lead_words(doc: Document) -> int:
    """How many words of prose open the report before its first section heading: the
    paragraphs under the title (or before any heading), field lines not counted."""
    total = 0
    for run in doc.runs:
        if run.kind == "heading" and run.section is not doc.title:
            break
        if run.kind != "paragraph" or run.quoted or (run.section is not None and run.section is not doc.title):
            continue
        words = len(run.text.split())
        for field in doc.fields:
            if field.run is run:
                words -= len(field.name.split()) + len(field.value.split())
        total += max(words, 0)
    return total


# "1. ", "2.1. ", "2.1 ", "IV. ", "A. " before the heading's words: the period belongs to the number.
_NUMBERING = re.compile(r"\A(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
# A final word whose period is an abbreviation's, not a sentence's ("Inc.", "etc.", "No.").
_ABBREVIATIONS = frozenset({
    "al", "approx", "ca", "cf", "co", "corp", "dept", "dr", "ed", "eds", "etc", "fig", "inc", "jr",
    "llc", "ltd", "mr", "mrs", "ms", "no", "nos", "op", "plc", "pp", "prof", "rev", "sr", "st", "vol", "vs",
})
_VERSION = r"(?i)v\d+"  # compiled by lazy_regex; "v2." as the last word: a version, not a sentence end
SENTENCE_MIN_WORDS = 4  # the fewest words that make a heading ending in a period a sentence (RL107's default)


def sentence_words(title: str) -> list[str] | None:
    """The words of a heading that is a sentence ending in a period, else None."""
    words = _NUMBERING.sub("", title.strip()).split()
    if not words or not words[-1].endswith("."):
        return None
    last = words[-1][:-1].lstrip("([\"'“‘*_")
    if "." in last or len(last) < 2 or last.casefold() in _ABBREVIATIONS or lazy_regex(_VERSION).fullmatch(last):
        return None  # "v1.2.", "e.g.", "...", an initial ("A."), "Inc.", "v2."
    return words


def is_body_text(title: str) -> bool:
    """A heading that is body text: a whole sentence of at least ``SENTENCE_MIN_WORDS`` words,
    or a title of several lines (a paragraph over a ``---`` rule becomes a setext heading)."""
    if "\n" in title:
        return True
    words = sentence_words(title)
    return words is not None and len(words) >= SENTENCE_MIN_WORDS
