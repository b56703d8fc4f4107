"""RL1xx: the structure a report needs (title, sections, fields, heading levels).

Headings inside embedded source material (an excerpt the report quotes) are not the
report's own structure, so these rules skip them. Findings about something missing
from the whole document (RL101, RL105, RL110) point at line 1, column 1.
"""
from reportlint.api import rules_in_package

RULES = rules_in_package(__name__)
