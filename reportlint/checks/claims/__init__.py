"""RL4xx: claims a reader cannot check.

The rules use the report's structure rather than flagging words everywhere, as prose linters
do: which kind of section a sentence is in (factual, analysis, action, reference; see
``_sections``), whether it carries evidence (see ``_evidence``), and what kind of sentence it
is (a recommendation or action item is not a factual claim; see ``_statements``). Quoted
source material, blockquotes, code, link text, URLs and field labels are never scanned.

Word lists live in ``rules/base.toml`` (``[options.RL4xx]``); the rules take their defaults
from there, so that file is the only copy and users change the lists without Python.
"""
from reportlint.api import rules_in_package

RULES = rules_in_package(__name__)
