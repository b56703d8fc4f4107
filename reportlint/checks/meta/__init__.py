"""RL0xx: problems with the report file itself rather than its content."""
from reportlint.api import rules_in_package

RULES = rules_in_package(__name__)
