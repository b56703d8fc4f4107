"""External source material: the file a report was written from.

A report names it with the front-matter key ``source-file:`` (relative to the report's
directory) or the command line gives it with ``--source FILE``. Rules stay pure: the text
is read while the document is built, before any rule runs, and becomes one of the
document's :class:`SourceMaterial` entries, of origin "file".
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from reportlint._document import TOP_SPAN, Field, SourceMaterial, make_source_material
from reportlint._source import DEFAULT_MAX_BYTES, InputError, read_file

FRONT_MATTER_KEYS = ("source-file", "source_file")


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # nothing compares, hashes or prints one
class SourceFileLookup:
    """Where a report's source file is looked for.

    ``report_path`` is the report on disk (None for standard input): a front-matter path is
    relative to its directory. ``cli_source`` (``--source``) wins over front matter.
    """

    report_path: str | None
    cli_source: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    # Folders a front-matter path may point into besides the report's repository (the config's
    # folder and its source-file-roots); None: anywhere (the API, which has no config).
    roots: tuple[str, ...] | None = None

    def read(self, front_matter_fields: Iterable[Field]) -> SourceMaterial | None:
        """The source file's text, or None when none is named; a missing or unreadable file raises :class:`InputError`."""
        field = next((f for f in front_matter_fields if f.name in FRONT_MATTER_KEYS and f.value.strip()), None)
        if self.cli_source is not None:
            named, filesystem, how = self.cli_source, self.cli_source, "--source"
        elif field is not None:
            named = field.value.strip()
            base = os.path.dirname(self.report_path) if self.report_path else ""
            filesystem, how = os.path.join(base, named), f"{field.name} in front matter"
            if self.roots is not None:
                self._confine(filesystem, base, f"source file {named!r} ({how})")
        else:
            return None
        try:
            text = read_file(filesystem, self.max_bytes)
        except InputError as exc:
            reason = "not found" if not os.path.lexists(filesystem) else str(exc)
            raise InputError(f"source file {named!r} ({how}): {reason}") from None
        span = field.value_span if field is not None and self.cli_source is None else TOP_SPAN
        return make_source_material(span, text, "file", path=named)

    def _confine(self, filesystem: str, base: str, what: str) -> None:
        """A report may name only a file of its own repository or of its config's folder (or a
        folder the config adds): otherwise a report in a pull request could name any readable
        file, and RL442 would tell which words it contains."""
        assert self.roots is not None
        allowed = [os.path.realpath(root) for root in self.roots]
        repository = _repository(base or os.curdir)
        if repository is not None:
            allowed.append(repository)
        if not allowed:
            allowed.append(os.path.realpath(base or os.curdir))
        real = os.path.realpath(filesystem)
        if not any(_inside(real, root) for root in allowed):
            raise InputError(f"{what}: outside the report's repository and its config's folder; refused (source-file-roots in the config allows more folders)")


def _repository(start: str) -> str | None:
    """The nearest folder at or above ``start`` that holds ``.git``, or None."""
    folder = os.path.realpath(start)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # another drive
        return False
