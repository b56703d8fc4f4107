"""RL3xx: dates that are stated, unambiguous, possible and in order.

Every rule reads dates through the date parser of :mod:`reportlint.api`. Timelines are the
rows of a table, the dated items of a list and the ``Date/Time`` fields inside a section
titled like "Timeline"; plans (Action Items, Recommendations, "Due" columns, "by 2025-09-30",
"planned", "scheduled", "will be") are never events. Quoted source material is not linted.
"""
from reportlint.api import rules_in_package

RULES = rules_in_package(__name__)
