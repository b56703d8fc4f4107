"""The Settings of one run: what the command line (or an embedder) asked for, before config files.

It sits below config, rules and engine so each of them can read it without importing the
runner.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlint._source_material import DEFAULT_SOURCE_MARKERS, SourceMarkers
from reportlint._finding import Severity
from reportlint._source import DEFAULT_MAX_BYTES

DEFAULT_RULE_TIMEOUT = 20.0  # seconds per rule per file (per MiB of text for larger files); 0 turns the limit off
MAX_RULE_TIMEOUT = 86400.0  # a day: beyond it the timer overflows (inf, 1e300), and no rule should need it


@dataclass(eq=False, repr=False)
class Settings:
    """Resolved options for one run (command line over configuration).

    No generated ``__eq__`` or ``__repr__``: nothing compares or prints a whole Settings (config
    compares field by field), and for 30 fields they cost 3 M instructions to compile at start-up.
    """

    paths: Sequence[str] = (".",)
    profile: str = "base"
    packs: Sequence[str] = ()
    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: dict[str, str] = field(default_factory=dict)
    rule_options: dict[str, dict[str, object]] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    output_format: str = "concise"
    output_file: str | None = None
    exit_zero: bool = False
    statistics: bool = False
    quiet: bool = False
    preview: bool = False
    stdin_filename: str | None = None
    max_file_size: int = DEFAULT_MAX_BYTES  # bytes; a larger file is reported and skipped, never parsed
    rule_timeout: float = DEFAULT_RULE_TIMEOUT  # seconds per rule per file (per MiB past the first); 0 = no limit
    verbose: bool = False
    color: bool = False
    config: Sequence[str] = ()  # --config FILE and --config KEY=VALUE
    isolated: bool = False
    force_exclude: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    explicit: frozenset[str] | None = None  # fields set on the command line; None: those off their default
    source_file: str | None = None  # --source: the source material of the single report linted
    source_markers: SourceMarkers = DEFAULT_SOURCE_MARKERS  # how embedded source material is found
    jobs: int | None = None  # worker processes; None: one per core for large batches
    cache_dir: str | None = None  # None: no cache (the CLI passes .reportlint_cache)
