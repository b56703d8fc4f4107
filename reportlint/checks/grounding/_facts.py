"""Grounding: do the facts of a report's analysis appear in its own source material?

A *fact* is a number with its unit or noun ("20 suspects", "$249", "45 arrests"), a date
(compared by value: "14 April 2024" = "2024-04-14") or a proper name (capitalised words that
do not open a sentence, acronyms, quoted names). Matching forgives what does not change the
meaning (case, plurals and possessives, thousands separators, "US"/"U.S."/"United States",
number words, an acronym against its expansion, "European"/"Europe") and is strict where it
does (45 is not 37). Everything is computed once per document, in time linear in the size of
report plus source, and shared by the RL44x rules and by :func:`is_sentence_grounded`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reportlint.api import MONTH_WORDS, Analyses, CalendarDate, DateMatch, Document, Sentence, Span, TextRun, analysis, find_dates, normalize_title

FactKind = Literal["number", "date", "name"]


# ---------------------------------------------------------------- words and keys

_STOPWORDS = frozenset(
    """a an the and or but nor of for to in on at by from with without within into onto over under
    as is are was were be been being has have had do does did this that these those it its their
    there here then than so such not no yes all any each every some most more less many much few
    we our us you your he she his her they them who whom which what when where why how after
    before during while since until if though although because also only just both either neither
    other another per via about against between through across among up down out off again once
    i me my mine ours yours""".split()
)
_CONNECTORS = frozenset({"of", "for", "and", "&", "de", "la", "le", "du", "von", "van", "der", "del", "da", "the"})
_INNER_CONNECTORS = frozenset({"of", "for", "&", "de", "la", "du", "von", "van", "der", "del", "da"})
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday internet web email e-mail i ok okay
    mr mrs ms dr note notes update updated yes no""".split()
) | frozenset(m for m in MONTH_WORDS if len(m) > 3)
# Acronyms that name kinds of things, not facts a source must state.
_GENERIC_ACRONYMS = frozenset(
    """utc gmt am pm est edt pst pdt cet cest id ids ip url urls uri dns http https api apis tls ssl vpn vpns
    it ai ml os cpu gpu ram ssd hdd sql css html xml json yaml csv pdf faq eta tbd tba todo n/a na
    ioc iocs ttp ttps cve cves cwe mfa 2fa sso soc edr xdr siem ddos dos rce xss csrf ssrf lfi poc
    ceo cto cio ciso cfo vp hr pr qa ui ux sla slo sli rca kpi usb lan wan vm vms ci cd sdk cli
    ssh ftp sftp smtp imap tcp udp icmp ipv4 ipv6 nat cdn waf iam acl rbac otp pii phi gdpr
    ok dm dms fyi asap kb mb gb tb pb q1 q2 q3 q4 h1 h2""".split()
)
_DEMONYMS = {
    "british": "#uk", "english": "england", "french": "france", "dutch": "netherlands", "german": "germany",
    "swiss": "switzerland", "spanish": "spain", "polish": "poland", "danish": "denmark", "swedish": "sweden",
    "finnish": "finland", "irish": "ireland", "turkish": "turkey", "greek": "greece", "thai": "thailand",
    "filipino": "philippines", "welsh": "wales", "scottish": "scotland", "portuguese": "portugal",
    "afghan": "afghanistan", "kazakh": "kazakhstan", "uzbek": "uzbekistan", "czech": "czechia",
    "american": "#us", "european": "europe", "norwegian": "norway", "belgian": "belgium", "slovak": "slovakia",
    "argentine": "argentina", "peruvian": "peru", "icelandic": "iceland",
}
_DEMONYM_SUFFIXES = (
    ("ean", "e"), ("ean", "ea"), ("ian", "ia"), ("ian", ""), ("ian", "y"), ("nian", ""), ("ian", "a"),
    ("ian", "e"), ("an", "a"), ("an", ""), ("an", "o"), ("ican", "ico"), ("ese", ""), ("ese", "a"), ("ese", "on"),
    ("i", ""), ("ish", "ey"),
)
# Places are names even when they open a sentence ("Canada followed a week later").
_PLACES = frozenset(
    """afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain bangladesh
    belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia croatia cuba
    cyprus czechia denmark ecuador egypt estonia ethiopia finland france georgia germany ghana greece
    guatemala honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
    kazakhstan kenya korea kosovo kuwait kyrgyzstan laos latvia lebanon libya lithuania luxembourg malaysia
    malta mexico moldova monaco mongolia montenegro morocco mozambique myanmar nepal netherlands nicaragua
    nigeria norway oman pakistan panama paraguay peru philippines poland portugal qatar romania russia rwanda
    senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan
    tanzania thailand tunisia turkey turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam yemen
    zambia zimbabwe africa asia europe america oceania antarctica scandinavia""".split()
)
# Multi-word and spelled forms that mean the same place or body.
_ALIAS_FORMS = {
    "#us": ("united states of america", "united states", "us", "usa", "america"),
    "#uk": ("united kingdom", "uk", "great britain", "britain"),
    "#eu": ("european union", "eu"),
}

_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w&]|['’-](?=\w)|\.(?=[^\W\d_]))*")
_IDENTIFIER = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+")  # CVE-2024-31877, PM2019-009
_CITATION = re.compile(r"\[?\d{1,3}\]?")
_POSSESSIVE = re.compile(r"['’]s?$")


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """A word for matching: case, dotted acronyms, possessives and simple plurals folded."""
    if "." in word and word.replace(".", "").isalpha() and len(word) <= 12:
        word = word.replace(".", "")
    key = _POSSESSIVE.sub("", word.replace("’", "'")).casefold()
    if len(key) > 3 and key[-1] == "s" and key[-2:] not in ("ss", "us", "is"):
        if key.endswith("ies") and len(key) > 4:
            return key[:-3] + "y"
        if key.endswith(("ches", "shes", "xes", "sses", "zes")):
            return key[:-2]
        return key[:-1]
    return key


_ALIASES = {tuple(_key(w) for w in form.split()): target for target, forms in _ALIAS_FORMS.items() for form in forms}
_ALIAS_MAX = max(len(k) for k in _ALIASES)
_PLACE_KEYS = frozenset(_key(w) for w in _PLACES)


def _is_acronym(word: str) -> bool:
    core = word.replace(".", "")
    if core.endswith("s") and core[:-1].isupper():
        core = core[:-1]
    letters = sum(ch.isalpha() for ch in core)
    return letters >= 2 and core.isupper() and core.isalnum()


def _bases(key: str) -> Iterator[str]:
    """The place a demonym may stand for: "european" -> "europe", "iranian" -> "iran"."""
    if key in _DEMONYMS:
        yield _key(_DEMONYMS[key]) if not _DEMONYMS[key].startswith("#") else _DEMONYMS[key]
    for suffix, replacement in _DEMONYM_SUFFIXES:
        if key.endswith(suffix):
            base = key[: len(key) - len(suffix)] + replacement
            if len(base) >= 4:
                yield base


def _canonical(words: list[str]) -> list[tuple[str, str]]:
    """``(key, word)`` pairs, alias phrases ("United States of America", "U.S.") made one key.

    Short forms ("US") count only when written in capitals, so the pronoun "us" is not
    the United States.
    """
    keys = [_key(w) for w in words]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(keys):
        for size in range(min(_ALIAS_MAX, len(keys) - i), 0, -1):
            target = _ALIASES.get(tuple(keys[i : i + size]))
            if target and (size > 1 or len(keys[i]) > 3 or _is_acronym(words[i])):
                out.append((target, words[i]))
                i += size
                break
        else:
            out.append((keys[i], words[i]))
            i += 1
    return out


# ---------------------------------------------------------------- dates

def _calendar_matches(text: str) -> list[DateMatch]:
    """The dates of ``text`` that name a day or a month: times of day and bare years are not
    facts compared by date (a bare year is checked as a number)."""
    return [match for match in find_dates(text, years=False) if match.calendar_dates]


def _date_grounded(values: tuple[CalendarDate, ...], source: Iterable[CalendarDate]) -> bool:
    """Some reading of the report's date agrees with a source date on every part it states.

    A source date without a year confirms any year ("14 April" confirms "14 April 2024").
    """
    for year, month, day in values:
        for s_year, s_month, s_day in source:
            if month != s_month or (day is not None and day != s_day):
                continue
            if year is not None and s_year is not None and year != s_year:
                continue
            return True
    return False


# ---------------------------------------------------------------- numbers

_UNITS_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS_WORDS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_NUMBER_WORDS = {w: n for n, w in enumerate(_UNITS_WORDS) if n >= 2} | _TENS_WORDS | {"dozen": 12}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
_UNITS = {
    "%": "%", "percent": "%", "pc": "%", "$": "usd", "us$": "usd", "usd": "usd", "dollar": "usd",
    "€": "eur", "eur": "eur", "euro": "eur", "£": "gbp", "gbp": "gbp", "pound": "gbp", "¥": "jpy",
    "kb": "kb", "mb": "mb", "gb": "gb", "tb": "tb", "pb": "pb", "ms": "ms", "h": "hour", "hr": "hour",
    "hour": "hour", "min": "minute", "minute": "minute", "sec": "second", "second": "second", "day": "day",
    "week": "week", "month": "month", "year": "year",
}
_LABEL_BEFORE = frozenset(
    "phase step stage tier level version v sev severity priority p section chapter page appendix figure fig "
    "table item line rule option no number #".split()
)
_NUMBER = re.compile(
    r"(?<![\w.,/:#@\-])(?P<cur>(?:US)?[$€£¥])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<att>[A-Za-z%]+)?(?![\w/:@]|[.,]\d|-\d)"
)
_NUMBER_WORD = re.compile(
    r"\b(?P<a>a\s+)?(?P<word>" + "|".join(_NUMBER_WORDS) + r")(?:[- ](?P<ones>" + "|".join(_UNITS_WORDS[1:10]) + r"))?\b"
    r"(?!-(?:factor|way|fold|step|tier|phase|stage))",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"(?P<mult>\s*(?:thousand|million|billion|trillion)\b)?(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?"
    r"(?:[\s-]+(?P<noun>[^\W\d_][\w'’]*)(?:\s+(?P<noun2>[^\W\d_][\w'’]*))?)?",
    re.IGNORECASE,
)


class _Ranges:
    """Membership of offsets in ranges, for offsets asked in increasing order: linear overall."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.index = 0

    def covers(self, offset: int) -> bool:
        ranges = self.ranges
        while self.index < len(ranges) and ranges[self.index][1] <= offset:
            self.index += 1
        return self.index < len(ranges) and ranges[self.index][0] <= offset


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    value: float
    unit: str | None
    noun: str | None  # key of the noun after the number, for the detail


def find_numbers(text: str, skip: list[tuple[int, int]]) -> list[_Number]:
    """Numbers with their unit or noun; ``skip`` holds ranges already read as dates."""
    found: list[_Number] = []
    dates = _Ranges(skip)
    for match in _NUMBER.finditer(text):
        start = match.start()
        if dates.covers(start):
            continue
        value = float(match.group("num").replace(",", ""))
        unit = _UNITS.get((match.group("cur") or "").replace("US$", "us$")) or None
        attached = (match.group("att") or "").lower()
        if attached:
            if attached in _MULTIPLIERS and (unit or attached not in ("m", "b")):
                value *= _MULTIPLIERS[attached]
            elif attached in _UNITS:
                unit = _UNITS[attached]
            else:
                continue  # "1st", "2FA", "4xx": not a quantity
        found.append(_with_noun(text, start, match.end(), value, unit))
    dates = _Ranges(skip)
    for match in _NUMBER_WORD.finditer(text):
        start = match.start("word") if not match.group("a") or match.group("word").lower() != "dozen" else match.start()
        if dates.covers(start):
            continue
        word, ones = match.group("word").lower(), (match.group("ones") or "").lower()
        if ones and word not in _TENS_WORDS:
            continue  # "two one-hour windows"
        value = _NUMBER_WORDS[word] + (_UNITS_WORDS.index(ones) if ones else 0)
        found.append(_with_noun(text, start, match.end(), float(value), None))
    found.sort(key=lambda n: n.start)
    return found


def _labelled(text: str, start: int) -> bool:
    """ "Phase 2", "Sev 1", "#4": a label, not a quantity."""
    before = text[max(0, start - 12) : start].rstrip()
    if before.endswith(("#", "No.", "no.")):
        return True
    words = _WORD.findall(before)
    return bool(words) and before.endswith(words[-1]) and words[-1].lower() in _LABEL_BEFORE


def _with_noun(text: str, start: int, end: int, value: float, unit: str | None) -> _Number:
    after = _AFTER.match(text, end)
    noun_key = None
    if after is not None:
        if after.group("mult"):
            value *= _MULTIPLIERS[after.group("mult").strip().lower()]
            end = after.end("mult")
        if after.group("pct"):
            unit, end = "%", after.end("pct")
        noun = after.group("noun")
        if noun and noun.lower() not in _STOPWORDS and noun.lower() not in MONTH_WORDS:
            noun_key = _key(noun)
            unit = unit or _UNITS.get(noun_key)
            end = after.end("noun")
            second = after.group("noun2")
            if second and not noun.endswith("s") and second.endswith("s") and second.lower() not in _STOPWORDS and second[0].islower():
                end = after.end("noun2")  # "480,000 card numbers"
    return _Number(start, end, value, unit, noun_key)


# ---------------------------------------------------------------- the source index


@dataclass
class _Source:
    """What the source material states, indexed for constant-time look-ups."""

    keys: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)  # of word runs: "csam" for "child sexual abuse material"
    capital_initials: set[str] = field(default_factory=set)  # of capitalised runs: "fbi" for "Federal Bureau of Investigation"
    numbers: dict[float, set[str | None]] = field(default_factory=dict)
    by_noun: dict[str, list[str]] = field(default_factory=dict)  # noun key -> "37 arrests" as written
    dates: list[CalendarDate] = field(default_factory=list)
    years: set[int] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        dates = _calendar_matches(text)
        for match in dates:
            days = match.calendar_dates
            self.dates.extend(days)
            self.years.update(year for year, _, _ in days if year is not None)
        for number in find_numbers(text, [(match.start, match.end) for match in dates]):
            self.numbers.setdefault(number.value, set()).add(number.unit)
            if number.value.is_integer() and 1900 <= number.value <= 2100:
                self.years.add(int(number.value))
            if number.noun:
                self.by_noun.setdefault(number.noun, []).append(text[number.start : number.end])
        words = _WORD.findall(text)
        for word in words:
            for part in (word, *word.split("-")) if "-" in word else (word,):
                key = _key(part)
                if not (key in _STOPWORDS and part.islower()):
                    self.keys.add(key)
                    if part[:1].isupper():
                        self.keys.update(_bases(key))
        self.keys.update(key for key, _ in _canonical(words) if key.startswith("#"))
        self._add_initials(words)

    def _add_initials(self, words: list[str]) -> None:
        """Runs of up to 8 initials: of all words, of content words, of capitalised words."""
        parts = [p for w in words for p in w.split("-") if p]
        content = [p for p in parts if p.lower() not in _STOPWORDS]
        for letters, target in (
            ("".join(p[0] for p in parts).lower(), self.initials),
            ("".join(p[0] for p in content).lower(), self.initials),
            ("".join(p[0] if p[0].isupper() else " " for p in content).lower(), self.capital_initials),
        ):
            for i in range(len(letters)):
                for size in range(2, min(8, len(letters) - i) + 1):
                    piece = letters[i : i + size]
                    if " " in piece:
                        break
                    target.add(piece)

    def has_word(self, key: str) -> bool:
        return key in self.keys or any(base in self.keys for base in _bases(key))

    def has_acronym(self, letters: str) -> bool:
        """An acronym spelled out in the source; short ones only by capitalised words,
        since any three words have some initials."""
        return letters in self.capital_initials or (len(letters) >= 4 and letters in self.initials)


# ---------------------------------------------------------------- facts


@dataclass(eq=False, slots=True)
class Fact:
    """One checkable fact of the analysis and whether the source material states it."""

    kind: FactKind
    text: str  # as written: "20 suspects", "14 April 2024", "Recorded Future"
    key: str  # what equal facts share, to report each one once
    sentence: Sentence
    start: int  # offsets in ``sentence.text``
    end: int
    grounded: bool
    detail: str | None = None

    @property
    def span(self) -> Span:
        return self.sentence.span_of(self.start, self.end)


@dataclass
class Grounding:
    """The facts of one document, checked against its source material."""

    facts: list[Fact]
    truncated: bool
    by_sentence: dict[int, list[Fact]]


_REFERENCE_TITLES = frozenset(
    normalize_title(t) for t in ("References", "Sources", "Bibliography", "Citations", "Further reading", "Links", "Notes", "Footnotes")
)
_TRUNCATION = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]|(?:\.\.\.|…)\s*$")
_MARKUP_TAIL = re.compile(r"(?<![\s*_`])[\s*_`]+$")  # lookbehind: linear on long runs
_BLOCK_LINE = re.compile(r"\s*(?:[-*+|#>]|\d+[.)])")
_EXPANSION = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.]*[A-Z0-9]s?)\s*\)")
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
_BREAK_BEFORE = re.compile(r"[:(\"“\n/]")


def is_truncated(text: str) -> bool:
    """A source cut short: it holds "[...]" or its last paragraph stops mid-sentence.

    A last line that is a list item, table row or heading, or a short byline, is complete.
    """
    if _TRUNCATION.search(text):
        return True
    last = next((line for line in reversed(text.splitlines()) if line.strip()), "")
    if _BLOCK_LINE.match(last) or len(last.split()) <= 6:
        return False
    tail = _MARKUP_TAIL.sub("", last)
    return bool(tail) and tail[-1] not in ".!?\"'”’:;)]"


@analysis
def grounding(analyses: Analyses) -> Grounding | None:
    """The facts of the document and their grounding, or None when it has no source material.

    Computed once per document (every RL44x rule and the claim rules share it).
    """
    return _analyse(analyses.doc) if analyses.doc.source_material else None


def is_sentence_grounded(analyses: Analyses, sentence: Sentence) -> bool:
    """True when ``sentence`` states checkable facts and the source material states them all.

    Such a sentence counts as supported evidence for the claim rules.
    """
    found = analyses.get(grounding)
    if found is None:
        return False
    facts = found.by_sentence.get(id(sentence), [])
    return bool(facts) and all(f.grounded for f in facts)


def _analyse(doc: Document) -> Grounding:
    source = _Source()
    for material in doc.source_material:
        source.add_text(material.text)
    files = [m for m in doc.source_material if m.origin == "file"]
    truncated = all(is_truncated(m.text) for m in files) if files else any(is_truncated(m.text) for m in doc.source_material)
    expansions = _report_expansions(doc)
    common = _lowercase_words(doc)
    facts: list[Fact] = []
    by_sentence: dict[int, list[Fact]] = {}
    for sentence, skip_before in _analysis_sentences(doc):
        found = list(_facts(sentence, skip_before, source, expansions, common))
        if found:
            by_sentence[id(sentence)] = found
            facts.extend(found)
    return Grounding(facts, truncated, by_sentence)


def _analysis_sentences(doc: Document) -> Iterator[tuple[Sentence, int]]:
    """The author's own sentences, with the length of any field label that opens them."""
    labels: dict[int, list[int]] = {}
    skipped_runs: set[int] = set()
    for f in doc.fields:
        if f.source == "inline":
            labels.setdefault(id(f.run), []).append(f.value_start)
        elif f.source == "table" and f.row is not None:
            skipped_runs.add(id(f.row.cells[0]))
    for table in doc.tables:
        if table.header is not None:
            skipped_runs.update(id(cell) for cell in table.header.cells)
    for sentence in doc.sentences:
        run = sentence.run
        if sentence.quoted or sentence.block in ("heading", "footnote", "front_matter") or id(run) in skipped_runs:
            continue
        if any(normalize_title(s.title) in _REFERENCE_TITLES for s in _ancestry(sentence)) or _pseudo_heading(run):
            continue
        end = sentence.start + len(sentence.text)
        cut = max((v for v in labels.get(id(run), ()) if sentence.start <= v <= end), default=sentence.start)
        yield sentence, cut - sentence.start


def _ancestry(sentence: Sentence) -> Iterator:
    section = sentence.section
    while section is not None:
        yield section
        section = section.parent


def _pseudo_heading(run: TextRun) -> bool:
    """A paragraph that is all bold and has no final stop: a heading in disguise."""
    text = run.text.strip()
    return run.kind == "paragraph" and bool(run.strong) and run.strong[0][0] <= len(run.text) - len(run.text.lstrip()) and run.strong[-1][1] >= len(run.text.rstrip()) and text[-1:] not in ".!?"


def _report_expansions(doc: Document) -> dict[str, list[str]]:
    """Acronyms the report spells out itself: "Child Sexual Abuse Material (CSAM)" -> its words."""
    found: dict[str, list[str]] = {}
    for run in doc.runs:
        for match in _EXPANSION.finditer(run.prose):
            acronym = match.group(1).replace(".", "")
            letters = acronym.removesuffix("s").lower()
            before = _WORD.findall(run.prose[max(0, match.start() - 200) : match.start()])
            every = content = ""
            for back in range(len(before) - 1, -1, -1):
                word = before[back]
                every = word[0].lower() + every
                if word.lower() not in _STOPWORDS:
                    content = word[0].lower() + content
                if letters in (every, content):
                    found.setdefault(_key(acronym), before[back:])
                    break
                if len(content) >= len(letters):
                    break
    return found


def _lowercase_words(doc: Document) -> set[str]:
    """Words the report and its source write in lowercase: common words, not names.

    "Dark Web" next to "dark web platforms" is Title Case, not a name.
    """
    texts = [run.prose for run in doc.runs] + [m.text for m in doc.source_material]
    return {_key(w) for text in texts for w in _WORD.findall(text) if w.islower()}


def _without_citations(sentence: Sentence) -> str:
    """The sentence's prose with citation links ("[1]", superscript "1") blanked: not facts."""
    prose = sentence.prose
    base, end = sentence.start, sentence.start + len(prose)
    for start, stop, _ in sentence.run.links:
        if base <= start and stop <= end and _CITATION.fullmatch(sentence.run.text[start:stop]):
            prose = prose[: start - base] + " " * (stop - start) + prose[stop - base :]
    return prose


def _facts(sentence: Sentence, skip_before: int, source: _Source, expansions: dict[str, list[str]], common: set[str]) -> Iterator[Fact]:
    prose = _without_citations(sentence) if sentence.links else sentence.prose
    body = prose[skip_before:]
    offset = skip_before
    dates = _calendar_matches(body)
    for match in dates:
        values = match.calendar_dates
        yield Fact("date", body[match.start : match.end], "date:" + repr(values), sentence, offset + match.start, offset + match.end, _date_grounded(values, source.dates))
    numbers = find_numbers(body, [(match.start, match.end) for match in dates])
    for number in numbers:
        if _labelled(body, number.start):
            continue
        text = body[number.start : number.end]
        if number.value.is_integer() and 1900 <= number.value <= 2100 and number.unit is None and "," not in text:
            grounded = int(number.value) in source.years or number.value in source.numbers
            yield Fact("date", text[:4], f"year:{int(number.value)}", sentence, offset + number.start, offset + number.start + 4, grounded)
            continue
        units = source.numbers.get(number.value)
        grounded = units is not None and (number.unit is None or number.unit in units or units == {None})
        detail = None
        if not grounded and number.noun and number.noun in source.by_noun:
            detail = "the source says " + ", ".join(f'"{t}"' for t in dict.fromkeys(source.by_noun[number.noun][:3]))
        yield Fact("number", text, f"number:{number.value}:{number.unit}", sentence, offset + number.start, offset + number.end, grounded, detail)
    taken = [(match.start, match.end) for match in dates] + [(n.start, n.end) for n in numbers]
    for start, end, words in _names(body, taken):
        text = body[start:end]
        if not any(_is_acronym(w) or _camel(w) for w in words) and all(_key(w) in common or _insignificant(w) for w in words):
            continue  # Title Case common words
        key = " ".join(k for k, _ in _canonical(words))
        yield Fact("name", text, "name:" + key, sentence, offset + start, offset + end, _name_grounded(words, source, expansions))


def _names(text: str, skip: list[tuple[int, int]]) -> Iterator[tuple[int, int, list[str]]]:
    """Proper names: capitalised runs that do not open a sentence, acronyms, quoted names."""
    quoted: list[tuple[int, int]] = []
    for match in _QUOTED.finditer(text):
        inner = match.group(1).strip()
        words = _WORD.findall(inner)
        if words and len(words) <= 5 and inner[:1].isupper():
            quoted.append(match.span(1))
            yield match.start(1), match.end(1), words
    taken = _Ranges(skip + quoted)
    run: list[tuple[int, int, str, bool]] = []  # start, end, word, opens the sentence
    previous_end = -1
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        gap = text[max(previous_end, 0) : start]
        initial = previous_end == -1 or bool(_BREAK_BEFORE.search(gap))
        previous_end = match.end()
        if taken.covers(start):
            yield from _close_run(run)
            run = []
            continue
        lead, closes = _capitalised_head(word)
        connector = bool(run) and word.lower() in _INNER_CONNECTORS
        if run and (gap.strip() or not (lead or connector)):
            yield from _close_run(run)
            run = []
        if lead:
            run.append((start, start + len(lead), lead, initial and not run))
            if closes:  # "AI-generated", "Future’s": the name stops here
                yield from _close_run(run)
                run = []
        elif connector:
            run.append((start, match.end(), word, False))
    yield from _close_run(run)


def _capitalised_head(word: str) -> tuple[str, bool]:
    """The capitalised part of a word and whether the name stops after it.

    "AI-generated" -> ("AI", True), "Future’s" -> ("Future", True), "Coca-Cola" -> ("Coca-Cola", False).
    """
    if not word[:1].isupper():
        camel = word[:1].isalpha() and word.isalnum() and any(ch.isupper() for ch in word)
        return (word, False) if camel else ("", False)  # "iOS", "eBay"
    if _IDENTIFIER.fullmatch(word):
        return word, False
    parts = word.split("-")
    count = 1
    while count < len(parts) and parts[count][:1].isupper():
        count += 1
    lead = "-".join(parts[:count])
    possessive = _POSSESSIVE.search(lead)
    if possessive and possessive.group() != "'" and len(lead) > 2:
        return lead[: possessive.start()], True
    return lead, count < len(parts)


def _camel(word: str) -> bool:
    return any(ch.isupper() for ch in word[1:]) or any(ch.isdigit() for ch in word)


def _close_run(run: list[tuple[int, int, str, bool]]) -> Iterator[tuple[int, int, list[str]]]:
    """A name from a run of capitalised words; a sentence's first word needs company.

    "Recorded Future provided ..." is a name, "Coordinated arrests ..." and "The Europol
    report" (its "The") are not; acronyms and CamelCase count anywhere.
    """
    while run and run[-1][2].lower() in _INNER_CONNECTORS:
        run = run[:-1]
    if run and run[0][3]:
        first = run[0][2]
        if not (_is_acronym(first) or _camel(first) or _key(first) in _PLACE_KEYS) and (len(run) == 1 or first.lower() in _STOPWORDS or first.lower() in _NOT_NAMES):
            run = run[1:]
            while run and run[0][2].lower() in _INNER_CONNECTORS:
                run = run[1:]
    words = [w for _, _, w, _ in run]
    if any(not _insignificant(w) for w in words):
        yield run[0][0], run[-1][1], words


def _insignificant(word: str) -> bool:
    """Words a name may contain that need no grounding: connectors, generic terms, initials."""
    lowered = word.lower()
    return (
        lowered in _CONNECTORS
        or (word.islower() and lowered in _STOPWORDS)
        or lowered in _NOT_NAMES
        or _key(word) in _NOT_NAMES
        or ((_is_acronym(word) or _camel(word)) and not _GENERIC_ACRONYMS.isdisjoint({bare := lowered.replace(".", ""), bare.removesuffix("s")}))
        or len(word) == 1
    )


def _name_grounded(words: list[str], source: _Source, expansions: dict[str, list[str]]) -> bool:
    """Every significant word of the name is in the source (aliases and demonyms folded),
    or the name is an acronym of words in the source, or the expansion of one."""
    parts = [part for word in words for part in (word.split("-") if "-" in word and not _IDENTIFIER.fullmatch(word) else (word,)) if part]
    significant = [(key, word) for key, word in _canonical(parts) if not _insignificant(word)]
    if all(source.has_word(key) for key, _ in significant):
        return True
    if len(significant) == 1 and _is_acronym(significant[0][1]):
        letters = significant[0][1].replace(".", "").removesuffix("s").lower()
        if source.has_acronym(letters):
            return True
        expansion = expansions.get(_key(significant[0][1]))
        return expansion is not None and _name_grounded(expansion, source, {})
    initials = "".join(word[0].lower() for _, word in significant)
    return len(significant) > 1 and initials in source.keys
