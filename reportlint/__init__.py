"""reportlint: a linter for written reports (incident reports, post-mortems, threat intelligence)."""

__version__ = "0.1.0"
