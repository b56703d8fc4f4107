"""When the report was written, and the year it gives to dates written without one."""
from __future__ import annotations

from reportlint.api import Analyses, DateMatch, Document, Field, Precision, analysis, find_dates, precedes

from reportlint.checks.dates._labels import in_list
from reportlint.checks.dates._options import REPORT_LABELS
from reportlint.checks.dates._own_dates import explicit, own_fields, own_runs


def _front_matter_date(doc: Document) -> Field | None:
    return next((f for f in doc.fields if f.source == "front-matter" and f.name.casefold() == "date"), None)


@analysis
def report_date(analyses: Analyses, labels: tuple[str, ...]) -> tuple[DateMatch, Field] | None:
    """The front-matter ``date``, else the latest date of the fields ``labels`` names
    (Report Date/Published/Updated/Revised)."""
    doc = analyses.doc
    front = _front_matter_date(doc)
    if front is not None:
        found = explicit(find_dates(front.value))
        if found:
            return found[0], front
    best: tuple[DateMatch, Field] | None = None
    for found_field in own_fields(doc):
        if found_field.source == "front-matter" or not in_list(found_field.name, labels):
            continue
        for match in explicit(find_dates(found_field.value)):
            if best is None or precedes(best[0], match):
                best = (match, found_field)
    return best


@analysis
def reference_year(analyses: Analyses) -> int | None:
    """The year given to "May 14" and "31st March": the report date's, else the first full date's."""
    found = analyses.get(report_date, tuple(REPORT_LABELS["report-date-labels"]))
    if found is not None and found[0].value is not None:
        return found[0].value.year
    for run in analyses.get(own_runs):
        for match in explicit(find_dates(run.prose)):
            if match.value is not None and match.value.precision >= Precision.MONTH:
                return match.value.year
    return None
