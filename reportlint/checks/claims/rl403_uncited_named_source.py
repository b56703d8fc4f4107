"""RL403 uncited-named-source: a claim attributed to a named source needs a link or citation."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, lazy_regex, rule
from reportlint.checks.claims._evidence import scope_option, supported
from reportlint.checks.claims._phrases import Phrases
from reportlint.checks.claims._sections import REFERENCE_SECTIONS, kinds_of, title_lists
from reportlint.checks.claims._statements import claim_sentences


_NAME = r"(?:[A-Z][\w&.-]*[\w&]|[A-Z])(?:(?:['’]s)?\s+(?:(?:of|for|and|&|the|de)\s+)?[A-Z][\w&.-]*[\w&])*(?:['’]s)?"
_NOT_NAMES = frozenset(
    """I We They He She It This That These Those Our Their Its You Your My His Her There Here Some Many Most All
    Both Each Other Others Users Customers Engineers Teams Team Staff Operators Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April May June July August September October November
    December The A An In On At After Before During When While If As Once Later Then""".split()
)


@functools.lru_cache(maxsize=16)
def _named_source(verbs: tuple[str, ...], cues: tuple[str, ...]) -> Phrases:
    def alternation(words: tuple[str, ...], wanted: set[str]) -> str:
        kept = [w for w in words if w in wanted]
        if words and not kept:
            return "(?!)"  # none of them can match the text this regex is for
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(kept, key=len, reverse=True))

    def build(phrases: Sequence[str]) -> str:
        wanted = set(phrases)
        cue, verb = alternation(cues, wanted), alternation(verbs, wanted)
        # A branch that cannot match keeps only its groups: each copy of the name pattern
        # costs a millisecond to compile, and most texts have a cue or a verb, not both.
        by_cue = rf"(?<![\w'’])(?i:(?P<cue>{cue}))\s+(?i:the\s+)?(?P<after>{_NAME})" if cue != "(?!)" else "(?!)(?P<cue>)(?P<after>)"
        by_verb = rf"(?<![\w'’])(?P<before>{_NAME})\s+(?P<verb>{verb})(?![\w'’])" if verb != "(?!)" else "(?!)(?P<before>)(?P<verb>)"
        return f"{by_cue}|{by_verb}"

    return Phrases([*verbs, *cues], build, 0, indexed=bool(verbs and cues))  # no cue: the pattern matches any "Name:"


# The patterns below test a name the named-source pattern found: compiled by lazy_regex.
# "SDKs published in npm": a past participle, not a name stating something.
_PARTICIPLE = r"\s+(?:in|on|by|under|via|at|through|into|as|for|from|to)\b"
_POSSESSIVE = r"['’]s\b"  # compiled by lazy_regex, like _WORD: only for named sources


# A capitalised word here may just be the first word of a sentence or of a clause ("10:20: Vendor ...",
# a list item after its leading date "2024-11-25 Report published").
_CLAUSE_START = r"(?:^|[:;—–(\"“]|\s-)\s*$|^\W*\d[\d/.,:-]*(?:\s+\d[\d:]*)?(?:\s*(?:UTC|GMT|Z|AM|PM))?\W*$"
# Names that are identifiers or files, not sources: "CVE-2015-6031", "CLFS.sys", "v1.2.3".
_IDENTIFIER = (
    r"(?i)\A(?:[A-Z]{2,}-\d|(?:CVE|GHSA|RUSTSEC|CWE|CAN|PYSEC|OSV)\b)|(?<!\d)\d+\.\d"
    r"|\.(?:sys|dll|exe|so|js|ts|py|rs|c|h|cpp|go|java|json|ya?ml|toml|xml|md|txt|sh|ps1|bat|zip|apk|jar)\Z"
)
# A domain-shaped name ("Packagist.org") is itself a pointer the reader can follow.
_DOMAIN = r"(?i)\A[\w-]+\.(?:org|com|io|net|dev|gov|edu|rs|co|uk|de|info)\Z"
# Words of a name too generic to show that the References cite it.
_GENERIC = frozenset(
    """the and for group team labs lab security research researchers threat intelligence report reports blog news
    center centre inc corp company foundation project networks network systems software agency""".split()
)
_WORD = r"[a-z0-9]+"
_ROLES = frozenset("researchers analysts investigators officials spokesperson spokesman spokeswoman".split())


def _entity_ok(name: str, at_start: bool) -> bool:
    words = lazy_regex(_POSSESSIVE).sub("", name).split()
    if words and words[0] == "The":
        words = words[1:]
        at_start = False
    if not words or all(w in _NOT_NAMES for w in words):
        return False
    bare = " ".join(words)
    if lazy_regex(_IDENTIFIER).search(bare) or lazy_regex(_DOMAIN).match(words[-1]):
        return False
    acronym = sum(c.isupper() for c in words[0]) >= 2
    possessive = "'s" in name or "’s" in name
    return not at_start or len(words) > 1 or acronym or possessive


def _cited_words(doc: Document, ctx: RuleContext) -> frozenset[str]:
    """The words of the document's references: the text and link targets of its reference
    sections and footnote definitions."""
    kinds = kinds_of(doc.sections, ctx.profile.sections, title_lists(ctx))
    parts: list[str] = []
    for section in doc.sections:
        if kinds.get(id(section)) == "reference":
            for run in section.runs:
                parts += [run.text, *(url for _a, _b, url in run.links)]
    for sentence in doc.sentences:
        if sentence.block == "footnote":
            parts += [sentence.text, *sentence.links]
    return frozenset(lazy_regex(_WORD).findall(" ".join(parts).casefold()))


def _listed(name: str, cited: frozenset[str], aliases: Sequence[str]) -> bool:
    """Whether the references name the source: one of its distinctive words, or a publisher
    alias ("securelist: Kaspersky") whose site they cite."""
    words = {w for w in lazy_regex(_WORD).findall(lazy_regex(_POSSESSIVE).sub("", name).casefold()) if len(w) >= 4 and w not in _GENERIC}
    if words & cited:
        return True
    for entry in aliases:
        alias, _, publisher = entry.partition(":")
        if set(lazy_regex(_WORD).findall(alias.casefold())) <= cited and lazy_regex(_WORD).findall(publisher.casefold()) and set(lazy_regex(_WORD).findall(publisher.casefold())) <= set(lazy_regex(_WORD).findall(name.casefold())):
            return True
    return False


@rule(
    code="RL403", name="uncited-named-source", summary="A claim attributed to a named source needs a link or citation",
    severity=Severity.WARNING, tags=("claims",),
    options={**builtin_pack_options("base", "RL403"), "evidence-scope": scope_option("sentence"), "reference-sections": list(REFERENCE_SECTIONS)},
)
def uncited_named_source(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a claim attributed to a named organisation, group or publication ("according to
    Reuters", "Mandiant researchers found that", "Recorded Future's Insikt Group providing law
    enforcement with logs") when the sentence has no link, footnote or citation.

    ## Why is this bad?
    Naming a source sounds checkable, but without a link or citation the reader has to hunt for
    the article or advisory, and cannot tell whether the report represents it faithfully.

    ## Example
    ```markdown
    According to Europol, the platform had 1.8 million registered users.
    ```
    Use instead:
    ```markdown
    According to [Europol's press release](https://www.europol.europa.eu/...), the platform
    had 1.8 million registered users.
    ```

    ## Options
    - `verbs`: words that, after a name, attribute a statement to it ("said", "reported that").
    - `cues`: phrases that, before a name, attribute a statement to it ("according to").
    - `evidence-scope`: `sentence`, `paragraph` or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    - `publisher-aliases`: `"site: Publisher"` pairs ("securelist: Kaspersky"): a reference to
      the site cites the publisher.

    A name that the References (or a footnote) cite, by one of its words or a publisher alias,
    is supported. Identifiers and files ("CVE-2015-6031", "CLFS.sys") are no sources, and a
    domain-shaped name ("Packagist.org") is itself a pointer.
    """
    pattern = _named_source(tuple(ctx.options["verbs"]), tuple(ctx.options["cues"]))
    cited: frozenset[str] | None = None
    for sentence, text, _kind, words in claim_sentences(ctx, needing=(pattern,)):
        if sentence.block == "table_cell":  # timeline rows narrate events ("Vendor published a fix")
            continue
        for match in pattern.finditer(text, words):
            group = "after" if match.group("after") else "before"
            name = match.group(group)
            at_start = lazy_regex(_CLAUSE_START).search(text, 0, match.start(group)) is not None and (match.group("verb") or "").lower() not in _ROLES
            if not _entity_ok(name, at_start) or (group == "before" and lazy_regex(_PARTICIPLE).match(text, match.end())):
                continue
            if not supported(ctx, sentence):
                if cited is None:
                    cited = _cited_words(doc, ctx)
                if _listed(name, cited, ctx.options.get("publisher-aliases", ())):
                    break
                shown = name.removeprefix("The ").rstrip()
                yield ctx.finding(sentence.span_of(*match.span()), f'claim attributed to "{shown}" with no link or citation')
            break
