"""The stable surface for rule authors: everything a check needs, re-exported."""
from reportlint._analysis import Analyses, Analysis, analysis
from reportlint._document import Comment, Document, Field, ListItem, Section, Sentence, Table, TableRow, TextRun
from reportlint._sentences import split_sentences
from reportlint._text import normalize_title
from reportlint._finding import Edit, Finding, Fix, Severity
from reportlint._positions import Position, Span
from reportlint._profile import Profile, SectionSpec
from reportlint._registry import Rule, RuleContext, rule

__all__ = [
    "Analyses", "Analysis", "analysis", "Comment", "Document", "Edit", "Field", "Finding", "Fix", "ListItem", "Position", "Profile", "Rule",
    "RuleContext", "Section", "SectionSpec", "Sentence", "Severity", "Span", "Table", "TableRow", "TextRun",
    "normalize_title", "rule", "split_sentences",
]
