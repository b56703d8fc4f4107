from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, lazy_regex, might_contain, rule

# The lookahead lists the first character of every alternative: with it the regex engine
# skips straight to candidate positions instead of trying each alternative everywhere
# (RL202 took 2.5x longer without it). Keep it in step with the alternatives.
_PLACEHOLDER = re.compile(
    r"(?=[\[{TFXLl])(?:"
    r"\[(?:\.\.\.|…)\]"
    r"|\b(?:TODO|TBD|TBA|FIXME|XXX)\b"
    r"|(?i:\blorem ipsum\b)"
    r"|\{\{[^{}\n]*\}\}"
    r"|(?i:\[(?:insert|enter|add)\b[^\]\n]*\])"
    r")"
)
_ELISIONS = frozenset({"[...]", "[…]"})
_HTML_PLACEHOLDER = r"(?i)<(?:insert|enter|add)\b[^>\n]*>"  # compiled by lazy_regex: only for raw HTML
# A whole field value that says the answer is still to come ("Still under analysis.").
_PENDING_VALUE = (
    r"(?i)\A[\s*_]*(?:(?:still\s+)?under\s+(?:analysis|investigation|review)|still\s+being\s+(?:analy[sz]ed|investigated)"
    r"|pending|to\s+be\s+(?:determined|confirmed|added|decided|announced)|not\s+yet\s+(?:known|analy[sz]ed|determined|available)"
    r"|(?:a\s+)?work\s+in\s+progress|coming\s+soon)[\s*_.!]*\Z"
)
_PENDING_WORDS_MAX = 5
# Every match has one of these ("being" has "be"): a value without any is not searched.
_PENDING_HINTS = ("under", "pending", "be", "yet", "work", "coming")
# A heading left as the template wrote it ("# ISSUE NAME", "## Report title here").
_TEMPLATE_WORDS = frozenset("issue incident name title date here your report placeholder the of".split())
_TEMPLATE_MARKERS = frozenset("name title here placeholder".split())


@rule(code="RL202", name="placeholder-text", summary="Template placeholders must be filled in", severity=Severity.WARNING, tags=("na", "placeholder"))
def placeholder_text(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags placeholders left in the text: `[...]` or `[…]` (truncated text), `TODO`,
    `TBD`, `TBA`, `FIXME`, `XXX`, "lorem ipsum", `<insert ...>` or `[insert ...]`, and
    `{{...}}` template slots. Inline code is not checked. Quoted source material is:
    a `[...]` there means the report's source was cut short. Only a `[...]` in the
    middle of a blockquote, with the quotation going on after it, is taken for an
    editor's elision and not reported.

    Also flags a short field value (at most five words) that only says the answer is
    still to come ("Still under analysis.", "To be determined", "Pending", "Work in
    progress"), and a heading left as the template wrote it: every word is a template
    word (ISSUE, INCIDENT, REPORT, NAME, TITLE, DATE, HERE, YOUR, ...) and one of them
    names the slot (NAME, TITLE, HERE, PLACEHOLDER), as in `# ISSUE NAME`. An all-caps
    heading such as `## AFFECTED VERSIONS` is not a placeholder.

    ## Why is this bad?
    A placeholder means the report is unfinished, or that text it relies on was cut.
    Readers cannot tell what belongs there.

    ## Example
    ```markdown
    **Owner:** TBD
    The attackers stole {{ data_volume }} of data [...]
    ```
    Use instead:
    ```markdown
    **Owner:** J. Doe (SOC lead)
    The attackers stole 2 GB of customer records; the full advisory is linked below.
    ```
    """
    for run in doc.runs:
        for match in _PLACEHOLDER.finditer(run.prose):
            if run.quoted and match.group() in _ELISIONS and run.text[match.end():].strip():
                continue  # an editor's cut inside a quotation, with the quotation going on
            yield ctx.finding(run.span(match.start(), match.end()), f'Placeholder "{match.group()}" left in the text')
    for found in doc.fields:
        if found.source == "front-matter":
            for match in _PLACEHOLDER.finditer(found.value):
                yield ctx.finding(found.value_span_of(match.start(), match.end()), f'Placeholder "{match.group()}" left in the text')
    for found in doc.fields:
        if found.value and len(found.value.split(maxsplit=_PENDING_WORDS_MAX)) <= _PENDING_WORDS_MAX and might_contain(found.value, _PENDING_HINTS) and lazy_regex(_PENDING_VALUE).match(found.value):
            yield ctx.finding(found.value_span, f'"{found.name}" is "{found.value.strip(" *_")}": the value was never filled in')
    for run in doc.runs:
        if run.kind == "heading" and _template_heading(run.text):
            yield ctx.finding(run.span(), f'Heading "{run.text.strip()}" is a template placeholder')
    for html in doc.html:
        slot = lazy_regex(_HTML_PLACEHOLDER).match(html.text)
        if slot:
            yield ctx.finding(html.span, f'Placeholder "{slot.group()}" left in the text')


def _template_heading(title: str) -> bool:
    """Every word is a template word, and one of them names the slot (NAME, TITLE, HERE, PLACEHOLDER)."""
    words = title.split()
    if len(words) < 2:
        return False
    marked = False
    for word in words:  # most headings stop at their first word
        word = word.strip("[]<>{}()_*:").lower()
        if word not in _TEMPLATE_WORDS:
            return False
        marked = marked or word in _TEMPLATE_MARKERS
    return marked
