"""Built-in rules, registered like any plugin through the ``reportlint.rules`` entry point ``RL``."""
from reportlint.checks import claims, dates, grounding, meta, na, structure

RULES = (*meta.RULES, *structure.RULES, *na.RULES, *dates.RULES, *claims.RULES, *grounding.RULES)
