"""RL44x: facts of the analysis that its own source material does not state.

They run only when the report has source material: an embedded excerpt ("Full Report" ...
"Analysis Summary" before the title, or a Source Text section) or a file named by
front matter ``source-file:`` or ``--source``. Facts are found and matched once per
document in :mod:`reportlint.checks.grounding._facts`.
"""
from reportlint.api import rules_in_package

RULES = rules_in_package(__name__)
