"""RL2xx: "N/A" values that do not say why, unstated values, placeholders and empty fields.

A *value* is a field's value (``Label: value``, a front-matter key), a table cell, a
list item or a section's whole body. Text the report quotes as its source is not
linted for N/A, but placeholders such as ``[...]`` are reported everywhere.
"""
from reportlint.api import rules_in_package

RULES = rules_in_package(__name__)
