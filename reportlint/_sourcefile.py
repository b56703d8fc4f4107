"""External source material: the file a report was written from, read by the runner.

A report names it with the front-matter key ``source-file:`` (relative to the report's
directory) or the command line gives it with ``--source FILE``. Rules stay pure: the text
is read here, before any rule runs, and attached to the document as a
:class:`SourceMaterial` of origin "file".
"""
from __future__ import annotations

import os

from reportlint._document import Document, SourceMaterial
from reportlint._source import DEFAULT_MAX_BYTES, InputError, read_file

FRONT_MATTER_KEYS = ("source-file", "source_file")


def attach_source_file(doc: Document, report_path: str | None, cli_source: str | None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Read the source file ``doc`` names (or ``cli_source``) and add it to ``doc.source_material``.

    ``report_path`` is the report on disk (None for standard input); a front-matter path is
    relative to its directory. A missing or unreadable file raises :class:`InputError`.
    """
    field = next((f for f in doc.fields if f.source == "front-matter" and f.name in FRONT_MATTER_KEYS and f.value.strip()), None)
    if cli_source is not None:
        named, filesystem, how = cli_source, cli_source, "--source"
    elif field is not None:
        named = field.value.strip()
        base = os.path.dirname(report_path) if report_path else ""
        filesystem, how = os.path.join(base, named), f"{field.name} in front matter"
    else:
        return
    try:
        text = read_file(filesystem, max_bytes)
    except InputError as exc:
        reason = "not found" if not os.path.lexists(filesystem) else str(exc)
        raise InputError(f"source file {named!r} ({how}): {reason}") from None
    span = field.value_span if field is not None and cli_source is None else doc.top_span()
    doc.source_material = (*doc.source_material, SourceMaterial(span, text, "file", path=named))
