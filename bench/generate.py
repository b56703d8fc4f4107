"""Synthetic incident reports for the benchmark: deterministic (fixed seed), 4-8 KB each.

Each report has what real ones have: a title, metadata fields (some "N/A", some with a
reason), dated and undated timeline rows in a table, lists, links, footnotes, hedged and
cited sentences, inline code, a fenced block, a blockquote and, for one report in three,
YAML front matter. The text is invented from small word lists; nothing is copied.

    python bench/generate.py OUT_DIR [--count N] [--seed S]
    python bench/generate.py BIG.md --concat N   # one file made of N reports
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

SEED = 20240511

ORGS = ["Northwind Logistics", "Contoso Health", "Fabrikam Energy", "Tailspin Air", "Litware Bank",
        "Adatum Retail", "Woodgrove Credit", "Proseware Labs", "Lucerne Publishing", "Wingtip Games"]
ACTORS = ["an unidentified actor", "a ransomware affiliate", "a former contractor", "an access broker",
          "a commodity botnet operator", "a financially motivated group"]
SYSTEMS = ["the VPN gateway", "the payroll database", "a build server", "the customer portal",
           "an S3 bucket", "the mail relay", "the identity provider", "a Kubernetes node pool",
           "the backup appliance", "a jump host"]
VERBS = ["accessed", "encrypted", "exfiltrated data from", "disabled logging on", "enumerated",
         "created a scheduled task on", "pivoted to", "deployed a web shell on", "scanned"]
HEDGES = ["likely", "probably", "possibly", "appears to have", "may have", "seems to have"]
SOURCES = ["EDR telemetry", "VPN logs", "the SIEM", "firewall logs", "CloudTrail", "mail gateway logs",
           "the vendor advisory", "interviews with the on-call engineer"]
TACTICS = ["Initial Access", "Execution", "Persistence", "Privilege Escalation", "Defense Evasion",
           "Credential Access", "Discovery", "Lateral Movement", "Collection", "Exfiltration", "Impact"]
NA_REASONS = ["no evidence of this stage was found", "the host was reimaged before collection",
              "out of scope for this review", "logs for the period were not retained"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WORDS = ("team response alert review host user account service network traffic access policy ticket "
         "customer outage release deploy rollback queue latency error budget process backlog change "
         "window shift vendor incident report evidence control audit token session credential").split()


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def date(self) -> str:
        year, month, day = self.rng.choice([2023, 2024, 2025]), self.rng.randint(1, 12), self.rng.randint(1, 28)
        forms = (
            lambda: f"{year}-{month:02d}-{day:02d}",
            lambda: f"{MONTHS[month - 1]} {day}, {year}",
            lambda: f"{day} {MONTHS[month - 1][:3]} {year}",
            lambda: f"{year}-{month:02d}-{day:02d} {self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d} UTC",
        )
        return forms[self.rng.randrange(len(forms))]()

    def iso(self) -> str:
        return f"{self.rng.choice([2023, 2024, 2025])}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def link(self) -> str:
        slug = "-".join(self.rng.sample(WORDS, 3))
        return f"[{self.choice(SOURCES)}](https://intel.example.org/{slug}/{self.rng.randint(100, 9999)})"

    def filler(self, words: int) -> str:
        text = " ".join(self.rng.choice(WORDS) for _ in range(words))
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        kind = self.rng.randrange(6)
        actor, system, verb = self.choice(ACTORS), self.choice(SYSTEMS), self.choice(VERBS)
        forms = (
            lambda: f"{actor.capitalize()} {self.choice(HEDGES)} {verb} {system}.",
            lambda: f"On {self.date()}, {actor} {verb} {system} ({self.choice(SOURCES)}).",
            lambda: f"According to {self.link()}, {actor} {verb} {system}.",
            lambda: f"The {self.choice(WORDS)} {self.choice(WORDS)} was reviewed, e.g. the `{self.choice(WORDS)}.log` file, and no further {self.choice(WORDS)} was found.",
            lambda: f"{self.filler(self.rng.randint(8, 16))} on {system}[^{self.rng.randint(1, 3)}].",
            lambda: f"Analysts believe {actor} {verb} {system}, though this is not confirmed.",
        )
        return forms[kind]()

    def paragraph(self, count: int) -> str:
        return " ".join(self.sentence() for _ in range(count))

    def na_value(self) -> str:
        forms = ("N/A", None, "Not explicitly stated", "TBD")
        form = forms[self.rng.randrange(len(forms))]
        return form if form is not None else f"N/A ({self.choice(NA_REASONS)})"


def report(rng: random.Random, number: int) -> str:
    """One report of 4-8 KB."""
    w = _Writer(rng)
    target = rng.randint(4096, 8000)
    org = w.choice(ORGS)
    parts: list[str] = []
    if number % 3 == 1:
        parts.append(f"---\ntitle: Incident {number} at {org}\ndate: {w.iso()}\nseverity: {w.choice(['low', 'medium', 'high'])}\ntags: [incident, {w.choice(WORDS)}]\n---\n")
    parts.append(f"# Incident Report {number}: {w.choice(VERBS).capitalize()} {w.choice(SYSTEMS)} at {org}\n")
    parts.append(f"## Executive Summary\n\n{w.paragraph(4)}\n\n{w.paragraph(3)}\n")
    fields = [("Discovery Date", w.date() if rng.random() < 0.7 else w.na_value()),
              ("Incident Date", w.date() if rng.random() < 0.6 else "Concurrent period"),
              ("Affected Organization", org), ("Sector", w.choice(["Finance", "Health", "Energy", "Retail"])),
              ("Severity", w.choice(["Low", "Medium", "High", "Critical"])),
              ("Root Cause", w.na_value() if rng.random() < 0.4 else w.sentence())]
    parts.append("## Incident Details\n\n" + "".join(f"- **{name}:** {value}\n" for name, value in fields))
    rows = "".join(f"| {w.date()} | {w.sentence()} | {w.choice(SOURCES)} |\n" for _ in range(rng.randint(4, 8)))
    parts.append(f"## Timeline\n\n| Time | Event | Source |\n| --- | --- | --- |\n{rows}")
    optional = [
        lambda: "## Attack Methodology\n\n" + "".join(
            f"- **{tactic}:** {w.na_value() if rng.random() < 0.3 else w.sentence()}\n" for tactic in rng.sample(TACTICS, 6)),
        lambda: f"## Impact Assessment\n\n{w.paragraph(3)}\n\n- Financial: {w.na_value()}\n- Operational: {w.sentence()}\n- Data Breach: {w.sentence()}\n",
        lambda: "## Indicators of Compromise\n\n" + "".join(
            f"- `{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}` — {w.choice(SOURCES)}\n" for _ in range(4))
        + f"\n```text\n{w.filler(6).lower()} sha256:{rng.getrandbits(128):032x}\n```\n",
        lambda: f"## Root Cause Analysis\n\n{w.paragraph(4)}\n\n> {w.paragraph(2)}\n\n{w.paragraph(2)}\n",
        lambda: "## Response Actions\n\n" + "".join(f"{i}. {w.sentence()}\n" for i in range(1, rng.randint(4, 7))),
        lambda: "## Lessons Learned\n\n" + "".join(f"- {w.paragraph(2)}\n" for _ in range(3)),
        lambda: "## Recommendations\n\n" + "".join(f"- {w.filler(10)}; see {w.link()}.\n" for _ in range(3)),
    ]
    notes = "## References\n\n" + "".join(f"[^{i}]: {w.link()}, retrieved {w.iso()}.\n" for i in range(1, 4))
    size = sum(len(p) for p in parts) + len(notes)
    while size < target:
        block = rng.choice(optional)() + "\n"
        parts.append(block)
        size += len(block)
    text = "\n".join(parts) + "\n" + notes
    while len(text.encode()) > 8000 and len(parts) > 4:  # stay within 4-8 KB
        parts.pop()
        text = "\n".join(parts) + "\n" + notes
    return text


def generate(directory: Path, count: int, seed: int = SEED) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = directory / f"report-{number:05d}.md"
        path.write_text(report(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


def concatenated(path: Path, count: int, seed: int = SEED) -> Path:
    """One large file: ``count`` reports one after another (front matter only at the top)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(report(rng, number * 3) + "\n")  # number % 3 == 0: no front matter mid-file
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--concat", type=int, help="write one file made of this many reports")
    args = parser.parse_args()
    if args.concat:
        concatenated(args.out, args.concat, args.seed)
    else:
        generate(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
