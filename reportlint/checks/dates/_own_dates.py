"""The report's own text and the dates in it: footnotes, blockquotes and source material are
quotations, not the report's own dates."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from reportlint.api import Analyses, DateMatch, Document, Field, TextRun, analysis, find_dates


def is_quoted(doc: Document, run: TextRun, start: int = 0, end: int | None = None) -> bool:
    """Blockquotes and embedded source material are quotations, not the report's own dates
    (``run.text[start:end]`` is the part that matters)."""
    if run.quoted:
        return True
    return bool(doc.source_material) and doc.in_source_material(run.span(start, end).start)


@analysis
def own_runs(analyses: Analyses) -> list[TextRun]:
    """The runs of the report's own text (no footnotes, no quotations)."""
    doc = analyses.doc
    return [run for run in doc.runs if run.kind != "footnote" and not is_quoted(doc, run)]


def own_fields(doc: Document) -> Iterator[Field]:
    """The fields of the front matter and of the report's own text."""
    for found in doc.fields:
        if found.source == "front-matter" or not is_quoted(doc, found.run):
            yield found


@analysis
def own_matches(analyses: Analyses, day_first: bool | None) -> list[tuple[TextRun, DateMatch]]:
    """Every date in the report's own text and front matter (quotations excluded)."""
    return list(_find_own_matches(analyses, day_first))


def _find_own_matches(analyses: Analyses, day_first: bool | None) -> Iterator[tuple[TextRun, DateMatch]]:
    doc = analyses.doc
    for run in analyses.get(own_runs):
        for match in find_dates(run.prose, day_first=day_first):
            if not is_quoted(doc, run, match.start, match.end):
                yield run, match
    for found in doc.fields:
        if found.source == "front-matter":
            for match in find_dates(found.value, day_first=day_first):
                yield found.run, match


def explicit(matches: Iterable[DateMatch]) -> list[DateMatch]:
    """The dates written in full: a date with its year, and only one reading."""
    return [m for m in matches if m.value is not None and m.value.has_date and not m.value.year_inferred and not m.ambiguous]
